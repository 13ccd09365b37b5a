import BylineCore
import BylineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Scheduling and embargo")
struct SchedulingTests {
    /// Every public surface an article can appear on.
    func surfaces(_ id: ArticleID) -> [String] {
        ["/news/\(id)", "/", "/latest", "/section/society/seoul", "/tags/\(percentEncode("도서관"))", "/rss.xml",
         "/sitemap-news.xml", "/search?q=\(percentEncode("도서관"))", "/api/v1/articles", "/api/v1/articles/\(id)",
         "/api/v1/search?q=\(percentEncode("도서관"))", "/all?date=2024-10-10"]
    }

    func appears(_ client: some TestClientProtocol, _ id: ArticleID, on uri: String) async throws -> Bool {
        let response = try await client.execute(uri: uri, method: .get)
        if uri == "/news/\(id)" || uri == "/api/v1/articles/\(id)" { return response.status == .ok }
        return response.text.contains("마포구 새 도서관") || response.text.contains("/news/\(id)\"")
    }

    @Test("an embargoed article appears nowhere public before its time, and everywhere after it, on time")
    func embargo() async throws {
        let newsroom = try await NewsroomWebFixture()
        let desk = newsroom.site.newsroom
        let document = try ArticleForm.document(from: NewsroomWebFixture.articleFields)
        let embargo = newsroom.now.addingTimeInterval(600)
        let id = try await desk.create(document, embargoUntil: embargo, by: newsroom.editor)
        try await desk.publish(id, by: newsroom.editor)
        #expect(try await desk.draft(id).status == .scheduled, "publishing before the embargo schedules it for the embargo")

        let cacheless = try await BylineSite(
            configuration: WebConfiguration(port: 0, mediaDirectory: newsroom.web.directory, cacheEnabled: false),
            store: newsroom.web.store, newsroom: newsroom.web.accounts, clock: NewsClock { newsroom.now })
        try await cacheless.application().test(.router) { client in
            for uri in surfaces(id) {
                let shown = try await appears(client, id, on: uri)
                #expect(!shown, "\(uri) before the embargo")
            }
            newsroom.advance(599)
            let early = try await cacheless.newsroom.publishDue()
            #expect(early.isEmpty, "a second early is still early")
            newsroom.advance(1)
            let due = try await cacheless.newsroom.publishDue()
            #expect(due == [id])
            for uri in surfaces(id) {
                let shown = try await appears(client, id, on: uri)
                #expect(shown, "\(uri) after the embargo")
            }
        }
        let draft = try await desk.draft(id)
        #expect(draft.status == .published)
        #expect(draft.document.publishedAt == embargo, "기사입력 is the embargo time")
    }

    @Test("the scheduler service publishes on time by itself, and at start-up what fell due while it was down")
    func scheduler() async throws {
        let newsroom = try await NewsroomWebFixture()
        let desk = newsroom.site.newsroom
        let document = try ArticleForm.document(from: NewsroomWebFixture.articleFields)
        let soon = try await desk.create(document, embargoUntil: nil, by: newsroom.editor)
        try await desk.schedule(soon, at: newsroom.now.addingTimeInterval(30), by: newsroom.editor)
        await #expect(throws: BylineError.self) { try await desk.schedule(soon, at: newsroom.now.addingTimeInterval(-1), by: newsroom.editor) }

        try await newsroom.site.application().test(.router) { client in
            #expect(try await client.execute(uri: "/news/\(soon)", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/latest", method: .get).headers[.xCache] == "miss")
            #expect(try await client.execute(uri: "/latest", method: .get).headers[.xCache] == "hit")
            newsroom.advance(30)
            // The service ticks every second: no request, no manual call.
            var status = ArticleStatus.scheduled
            for _ in 0..<100 where status != .published {
                try await Task.sleep(for: .milliseconds(50))
                status = try await desk.draft(soon).status
            }
            #expect(status == .published)
            #expect(try await client.execute(uri: "/news/\(soon)", method: .get).status == .ok)
            #expect(try await eventually { try await client.execute(uri: "/latest", method: .get).text.contains("/news/\(soon)") },
                    "the cached list was marked stale")
        }

        // While no server runs, another article falls due; the next start publishes it at once.
        let missed = try await desk.create(document, embargoUntil: nil, by: newsroom.editor)
        try await desk.schedule(missed, at: newsroom.now.addingTimeInterval(60), by: newsroom.editor)
        newsroom.advance(3600)
        let restarted = try await BylineSite(
            configuration: WebConfiguration(port: 0, mediaDirectory: newsroom.web.directory),
            store: newsroom.web.store, newsroom: newsroom.web.accounts, clock: NewsClock { newsroom.now })
        try await restarted.application().test(.router) { client in
            var status = ArticleStatus.scheduled
            for _ in 0..<100 where status != .published {
                try await Task.sleep(for: .milliseconds(50))
                status = try await restarted.newsroom.draft(missed).status
            }
            #expect(status == .published)
            let log = try await newsroom.web.accounts.auditLog(missed).map(\.action)
            #expect(log == [.create, .schedule, .publish])
        }
    }
}
