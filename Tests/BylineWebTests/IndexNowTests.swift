import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// IndexNow against a fake endpoint on loopback: a real HTTP server that records what it
/// is sent and answers with the statuses it is told to.
@Suite("IndexNow")
struct IndexNowTests {
    final class FakeEndpoint: Sendable {
        let received = Mutex<[Data]>([])
        /// Statuses to answer, in order; 202 once they run out.
        let script: Mutex<[Int]>

        init(answers: [Int]) { script = Mutex(answers) }

        var application: some ApplicationProtocol {
            let router = Router()
            router.post("/indexnow") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 4 << 20)
                self.received.withLock { $0.append(Data(buffer: body)) }
                let status = self.script.withLock { $0.isEmpty ? 202 : $0.removeFirst() }
                return Response(status: HTTPResponse.Status(code: status))
            }
            return Application(router: router)
        }

        var requests: [[String: Any]] {
            received.withLock { $0 }.map { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] ?? [:] }
        }
    }

    func submitter(port: Int, firstRetry: Duration = .seconds(1)) throws -> IndexNowSubmitter {
        let configuration = try #require(IndexNowConfiguration(
            key: "byline-test-key-2024", endpoints: ["http://127.0.0.1:\(port)/indexnow"], interval: .milliseconds(50),
            firstRetry: firstRetry))
        return IndexNowSubmitter(configuration: configuration, publicURL: "https://news.byline.test", logger: Logger(label: "test"))
    }

    @Test("URLs go in batches of at most 10,000 with the host, key and key location")
    func batches() async throws {
        let fake = FakeEndpoint(answers: [])
        try await fake.application.test(.live) { client in
            let submitter = try submitter(port: try #require(client.port))
            submitter.submit((1...25_000).map { "https://news.byline.test/news/\($0)" })
            submitter.submit(["https://news.byline.test/news/1"])  // already queued: sent once
            for _ in 0..<3 { await submitter.sendDue() }
            let requests = fake.requests
            #expect(requests.map { ($0["urlList"] as? [String])?.count ?? 0 } == [10_000, 10_000, 5_000])
            let first = try #require(requests.first)
            #expect(first["host"] as? String == "news.byline.test")
            #expect(first["key"] as? String == "byline-test-key-2024")
            #expect(first["keyLocation"] as? String == "https://news.byline.test/byline-test-key-2024.txt")
            #expect(submitter.tally.accepted == 25_000)
        }
    }

    @Test("429 and 5xx are retried after a growing wait; 422 is logged and dropped")
    func retries() async throws {
        // A long first wait: nothing is sent again before it ends, however slow the machine.
        let patient = FakeEndpoint(answers: [429])
        try await patient.application.test(.live) { client in
            let submitter = try submitter(port: try #require(client.port), firstRetry: .seconds(60))
            let endpoint = try #require(submitter.configuration.endpoints.first)
            submitter.submit(["https://news.byline.test/news/7"])
            await submitter.sendDue()
            await submitter.sendDue()
            #expect(patient.requests.count == 1, "not sent again before the wait ends")
            #expect(submitter.pending(for: endpoint) == 1, "kept after 429")
        }
        // A short one: sent again after it (and after its double), until accepted.
        let fake = FakeEndpoint(answers: [429, 503, 202, 422])
        try await fake.application.test(.live) { client in
            let submitter = try submitter(port: try #require(client.port), firstRetry: .milliseconds(100))
            let endpoint = try #require(submitter.configuration.endpoints.first)
            submitter.submit(["https://news.byline.test/news/7"])
            await submitter.sendDue()
            try await Task.sleep(for: .milliseconds(150))
            await submitter.sendDue()
            #expect(submitter.pending(for: endpoint) == 1, "kept after 503")
            try await Task.sleep(for: .milliseconds(250))
            await submitter.sendDue()
            #expect(submitter.pending(for: endpoint) == 0)
            #expect(submitter.tally.accepted == 1 && submitter.tally.retried == 2)

            submitter.submit(["https://elsewhere.example/news/8"])
            await submitter.sendDue()
            #expect(submitter.pending(for: endpoint) == 0, "a 422 is not retried")
            #expect(submitter.tally.refused == 1)
            #expect(fake.requests.count == 4)
        }
    }

    @Test("publishing tells the endpoint, in the background; the key file is served")
    func newsroom() async throws {
        let fake = FakeEndpoint(answers: [])
        try await fake.application.test(.live) { endpointClient in
            let port = try #require(endpointClient.port)
            let newsroom = try await NewsroomWebFixture()
            let configuration = try #require(IndexNowConfiguration(
                key: "byline-test-key-2024", endpoints: ["http://127.0.0.1:\(port)/indexnow"], interval: .milliseconds(100)))
            let site = try await BylineSite(
                configuration: WebConfiguration(
                    port: 0, publicURL: "https://news.byline.test", mediaDirectory: newsroom.web.directory, indexNow: configuration),
                store: newsroom.web.store, newsroom: newsroom.web.accounts, clock: NewsClock { newsroom.now })
            try await site.application().test(.router) { client in
                let key = try await client.execute(uri: "/byline-test-key-2024.txt", method: .get)
                #expect(key.status == .ok)
                #expect(key.text == "byline-test-key-2024")
                let document = try ArticleForm.document(from: NewsroomWebFixture.articleFields)
                let id = try await site.newsroom.create(document, embargoUntil: nil, by: newsroom.editor)
                try await site.newsroom.publish(id, by: newsroom.editor)
                var urls: [String] = []
                for _ in 0..<100 where urls.isEmpty {
                    try await Task.sleep(for: .milliseconds(50))
                    urls = fake.requests.flatMap { $0["urlList"] as? [String] ?? [] }
                }
                #expect(urls == ["https://news.byline.test/news/\(id)"])
            }
        }
        #expect(IndexNowConfiguration(key: "short") == nil)
        #expect(IndexNowConfiguration(key: "has spaces in it") == nil)
        #expect(IndexNowConfiguration(key: "good-key-123", endpoints: ["ftp://x"]) == nil)
    }
}
