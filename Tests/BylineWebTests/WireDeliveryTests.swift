import BylineAccounts
import BylineCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import BylinePostgres
import BylineTestSupport
import Logging
import Synchronization
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Push: deliveries to subscribers' webhooks, against real HTTP receivers on loopback.
@Suite("Wire: signed webhook deliveries")
struct WireDeliveryTests {
    let api = AdminAPITests()

    /// A receiver that answers the statuses it is given in order (200 once they run out),
    /// waiting `delay` first, and keeps what it was sent.
    final class Receiver: Sendable {
        struct Received: Sendable {
            let key: String
            let signature: String
            let contentType: String
            let body: Data
        }

        let received = Mutex<[Received]>([])
        let script: Mutex<[Int]>
        let delay: Duration

        init(answers: [Int] = [], delay: Duration = .zero) {
            script = Mutex(answers)
            self.delay = delay
        }

        var application: some ApplicationProtocol {
            let router = Router()
            router.post("/hook") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 4 << 20)
                self.received.withLock {
                    $0.append(Received(
                        key: request.headers[HTTPField.Name("Byline-Delivery")!] ?? "",
                        signature: request.headers[HTTPField.Name("Byline-Signature")!] ?? "",
                        contentType: request.headers[.contentType] ?? "", body: Data(buffer: body)))
                }
                if self.delay > .zero { try await Task.sleep(for: self.delay) }
                return Response(status: HTTPResponse.Status(code: self.script.withLock { $0.isEmpty ? 200 : $0.removeFirst() }))
            }
            return Application(router: router)
        }
    }

    @Test("retried with backoff under one delivery id until accepted, signed, in order; a slow receiver holds up only itself")
    func deliveries() async throws {
        let newsroom = try await NewsroomWebFixture()
        let adminToken = try await api.token(for: newsroom.admin, in: newsroom)
        let editorToken = try await api.token(for: newsroom.editor, in: newsroom)
        let flaky = Receiver(answers: [500, 503])
        let slow = Receiver(delay: .seconds(10))
        try await flaky.application.test(.live) { flakyClient in
            try await slow.application.test(.live) { slowClient in
                let flakyURL = "http://127.0.0.1:\(try #require(flakyClient.port))/hook"
                let slowURL = "http://127.0.0.1:\(try #require(slowClient.port))/hook"
                try await newsroom.site.application().test(.router) { client in
                    var policy = DeliveryPolicy()
                    // Long enough for a loaded machine to answer, short beside the slow receiver.
                    (policy.timeout, policy.firstRetry) = (6, 10)
                    let queue = newsroom.web.accounts
                    func service() -> WireDeliveries {
                        WireDeliveries(site: newsroom.site.site, backend: queue, leadership: nil, policy: policy, logger: Logger(label: "test"))
                    }
                    let wire = service()
                    // What the fixture already holds is fanned out before there is anyone to push it to.
                    try await wire.fanOut()
                    let product = try await api.call(client, .post, "/api/v1/admin/products", token: adminToken, json: #"{"name": "사회", "sections": ["society"]}"#)
                    let productID = try #require(product.object["id"] as? Int)
                    func subscribe(_ name: String, _ url: String, format: String) async throws -> (id: SubscriberID, secret: String) {
                        let made = try await api.call(client, .post, "/api/v1/admin/subscribers", token: adminToken, json: """
                            {"name": "\(name)", "products": [\(productID)], "format": "\(format)", "webhook_url": "\(url)"}
                            """)
                        return (SubscriberID(rawValue: Int64(try #require(made.object["id"] as? Int))), try #require(made.object["secret"] as? String))
                    }
                    let paper = try await subscribe("한빛일보", flakyURL, format: "ninjs")
                    let broadcaster = try await subscribe("바다방송", slowURL, format: "newsml")
                    let gone = try await subscribe("닫힌신문", "http://127.0.0.1:9/hook", format: "ninjs")


                    let created = try await api.call(client, .post, "/api/v1/admin/articles", token: editorToken, json: """
                        {"headline": "웹훅으로 가는 기사", "body": "본문.", "section": "society/seoul",
                         "authors": [{"name": "홍길동", "email": "gildong@byline.test"}], "tags": ["배급"], "dateline": "서울"}
                        """)
                    let id = try #require(created.object["id"] as? Int)
                    #expect(try await api.call(client, .post, "/api/v1/admin/articles/\(id)/publish", token: editorToken).status == .ok)
                    try await wire.fanOut()
                    let due = try await queue.dueDeliveries(asOf: newsroom.now)
                    #expect(Set(due.map(\.subscriberID)) == [paper.id, broadcaster.id, gone.id], "one delivery per subscriber")

                    // All at once, as the service runs them: the slow one must not hold up the others.
                    final class Order: Sendable { let ids = Mutex<[SubscriberID]>([]) }
                    let finished = Order()
                    await withTaskGroup(of: Void.self) { group in
                        for delivery in due {
                            group.addTask {
                                await wire.deliver(delivery)
                                finished.ids.withLock { $0.append(delivery.subscriberID) }
                            }
                        }
                    }
                    #expect(finished.ids.withLock { $0 }.last == broadcaster.id, "the slow receiver finished last")
                    let afterFirst = try await queue.deliveries(of: paper.id, limit: 5)
                    #expect(afterFirst.first?.lastError == "HTTP 500" && afterFirst.first?.attempts == 1)
                    #expect(afterFirst.first?.nextAttemptAt == newsroom.now.addingTimeInterval(10))
                    #expect(try await queue.deliveries(of: broadcaster.id, limit: 5).first?.lastError?.hasPrefix("연결 실패") == true, "timed out")
                    #expect(try await queue.deliveries(of: gone.id, limit: 5).first?.lastError?.hasPrefix("연결 실패") == true, "refused")
                    #expect(try await queue.dueDeliveries(asOf: newsroom.now).isEmpty, "nothing is due before its retry")

                    // A restart in the middle of the retries: a new service finds the queue as it was.
                    let restarted = service()
                    newsroom.advance(10)
                    for delivery in try await queue.dueDeliveries(asOf: newsroom.now) where delivery.subscriberID == paper.id {
                        await restarted.deliver(delivery)
                    }
                    #expect(try await queue.deliveries(of: paper.id, limit: 5).first?.lastError == "HTTP 503")
                    newsroom.advance(20)
                    for delivery in try await queue.dueDeliveries(asOf: newsroom.now) where delivery.subscriberID == paper.id {
                        #expect(delivery.attempts == 2)
                        await restarted.deliver(delivery)
                    }
                    let delivered = try #require(try await queue.deliveries(of: paper.id, limit: 5).first)
                    #expect(delivered.deliveredAt != nil && delivered.attempts == 3 && delivered.lastError == nil)

                    // Three attempts, one delivery id, each signed over its time and body with the secret.
                    let requests = flaky.received.withLock { $0 }
                    #expect(requests.count == 3)
                    #expect(Set(requests.map(\.key)) == [delivered.key])
                    for request in requests {
                        let parts = request.signature.split(separator: ",")
                        let time = try #require(parts.first.flatMap { Int($0.dropFirst(2)) })
                        #expect(abs(Double(time) - Date().timeIntervalSince1970) < 300, "t is now, not the test clock")
                        #expect(request.signature == Credentials.webhookSignature(secret: paper.secret, timestamp: time, body: request.body))
                        #expect(request.signature != Credentials.webhookSignature(secret: broadcaster.secret, timestamp: time, body: request.body))
                    }
                    let body = String(decoding: try #require(requests.last?.body), as: UTF8.self)
                    #expect(try DocumentInspector.schemaErrors("ninjs", body) == [])
                    #expect(body.contains("웹훅으로 가는 기사") && requests.last?.contentType == "application/json; charset=utf-8")
                    let xml = String(decoding: try #require(slow.received.withLock { $0.first?.body }), as: UTF8.self)
                    #expect(try DocumentInspector.schemaErrors("newsml", xml) == [], "the NewsML-G2 subscriber got valid XML")

                    // In order per subscriber: a second item waits behind the first that is still failing.
                    #expect(try await api.call(client, .post, "/api/v1/admin/articles/\(id)/correct", token: editorToken, json: #"{"text": "정정합니다."}"#).status == .ok)
                    try await wire.fanOut()
                    let queued = try await queue.deliveries(of: gone.id, limit: 5)
                    #expect(queued.count == 2)
                    newsroom.advance(3600)
                    let next = try await queue.dueDeliveries(asOf: newsroom.now).filter { $0.subscriberID == gone.id }
                    #expect(next.map(\.id) == [queued.last?.id], "the older one first, alone")

                    // Given up a day after it was queued, with its last error kept.
                    newsroom.advance(86_400)
                    for delivery in try await queue.dueDeliveries(asOf: newsroom.now) where delivery.subscriberID == gone.id {
                        await wire.deliver(delivery)
                    }
                    let failed = try #require(try await queue.deliveries(of: gone.id, limit: 5).last)
                    #expect(failed.failedAt != nil && failed.lastError?.hasPrefix("연결 실패") == true)

                    // The desk resends one item: queued again under a new id.
                    #expect(try await queue.resend(paper.id, id: delivered.id, since: nil, at: newsroom.now) == 1)
                    let again = try #require(try await queue.deliveries(of: paper.id, limit: 5).first)
                    #expect(again.key != delivered.key && again.deliveredAt == nil && again.body == delivered.body)

                    // A receiver that answers takes what is waiting one after another, without waiting for a tick.
                    #expect(try await queue.dueDelivery(of: gone.id, asOf: newsroom.now)?.id == queued.first?.id, "after the one given up, the next")
                    #expect(try await api.call(client, .post, "/api/v1/admin/articles/\(id)/correct", token: editorToken, json: #"{"text": "다시 정정합니다."}"#).status == .ok)
                    try await wire.fanOut()
                    let open = try await queue.deliveries(of: paper.id, limit: 10).filter { $0.deliveredAt == nil }
                    #expect(open.count == 3, "the first correction's, the resent one and the second correction's")
                    let first = try #require(try await queue.dueDelivery(of: paper.id, asOf: newsroom.now))
                    #expect(first.id == open.last?.id, "the oldest first")
                    await wire.drain(from: first)
                    #expect(try await queue.deliveries(of: paper.id, limit: 10).allSatisfy { $0.deliveredAt != nil }, "all three, in one go")
                    let keys = flaky.received.withLock { $0.suffix(3).map(\.key) }
                    let expected = try await queue.deliveries(of: paper.id, limit: 3).reversed().map(\.key)
                    #expect(keys == expected, "in the order they were queued")
                }
            }
        }
    }
}

extension WireDeliveryTests {
    @Test("with no subscriber the fan-out moves to the newest change at once; with one, a batch at a time")
    func fanOutBatches() async throws {
        let newsroom = try await NewsroomWebFixture()
        let adminToken = try await api.token(for: newsroom.admin, in: newsroom)
        let editorToken = try await api.token(for: newsroom.editor, in: newsroom)
        let queue = newsroom.web.accounts
        var policy = DeliveryPolicy()
        policy.batch = 2
        let wire = WireDeliveries(site: newsroom.site.site, backend: queue, leadership: nil, policy: policy, logger: Logger(label: "test"))
        try await newsroom.site.application().test(.router) { client in
            let backlog = try await queue.wireChanges(after: try await queue.fanOutCursor(), limit: 10)
            try #require(backlog.count > 2, "the fixture's changes are more than one batch")
            try await wire.fanOut()
            #expect(try await queue.fanOutCursor() == backlog.last?.seq, "nobody to deliver to: one step to the newest")

            let product = try await api.call(client, .post, "/api/v1/admin/products", token: adminToken, json: #"{"name": "사회", "sections": ["society"]}"#)
            let productID = try #require(product.object["id"] as? Int)
            let made = try await api.call(client, .post, "/api/v1/admin/subscribers", token: adminToken, json: """
                {"name": "한빛일보", "products": [\(productID)], "format": "ninjs", "webhook_url": "http://127.0.0.1:9/hook"}
                """)
            let subscriber = SubscriberID(rawValue: Int64(try #require(made.object["id"] as? Int)))
            for number in 1...3 {
                let created = try await api.call(client, .post, "/api/v1/admin/articles", token: editorToken, json: """
                    {"headline": "배급 순서 기사 \(number)", "body": "본문.", "section": "society/seoul",
                     "authors": [{"name": "홍길동", "email": "gildong@byline.test"}]}
                    """)
                let id = try #require(created.object["id"] as? Int)
                #expect(try await api.call(client, .post, "/api/v1/admin/articles/\(id)/publish", token: editorToken).status == .ok)
            }
            let changes = try await queue.wireChanges(after: try await queue.fanOutCursor(), limit: 10)
            try #require(changes.count == 3)
            try await wire.fanOut()
            #expect(try await queue.fanOutCursor() == changes[1].seq, "a subscriber gets every change: two at a time")
            #expect(try await queue.deliveries(of: subscriber, limit: 10).count == 2)
            try await wire.fanOut()
            #expect(try await queue.fanOutCursor() == changes[2].seq)
            #expect(try await queue.deliveries(of: subscriber, limit: 10).count == 3)
        }
    }
}

/// Two nodes on one PostgreSQL database, each running the delivery service as `byline serve`
/// does: the changes are queued once, and each item reaches the receiver once.
@Suite("Wire: two nodes share one queue")
struct WireTwoNodeTests {
    @Test("two nodes on PostgreSQL deliver every item once")
    func twoNodes() async throws {
        var settings = try PostgresConfiguration(url: try PostgresServerProcess.shared().createDatabase())
        settings.timeout = .seconds(60)
        let configuration = settings
        let storeA = try await PostgresNewsStore.open(configuration)
        let storeB = try await PostgresNewsStore.open(configuration)
        _ = try await storeA.createSection(NewSection(path: SectionPath("society")!, name: "사회"))
        _ = try await storeA.addReporter(NewReporter(name: "홍길동", email: "gildong@byline.test", beat: "사회부"))
        let product = try await storeA.addProduct(name: "전체", filter: ProductFilter())
        let receiver = WireDeliveryTests.Receiver()
        try await receiver.application.test(.live) { client in
            let hook = "http://127.0.0.1:\(try #require(client.port))/hook"
            _ = try await storeA.addSubscriber(
                SubscriberTerms(name: "한빛일보", products: [product.id], format: .ninjs, webhookURL: hook), keyHash: "k", secret: "s",
                at: Date())
            var policy = DeliveryPolicy()
            policy.tick = .milliseconds(50)
            let leaders = [PostgresJobLeadership(configuration), PostgresJobLeadership(configuration)]
            func node(_ store: PostgresNewsStore, _ leadership: PostgresJobLeadership) async throws -> WireDeliveries {
                let site = try await BylineSite(
                    configuration: WebConfiguration(port: 0, mediaDirectory: FileManager.default.temporaryDirectory),
                    store: store, newsroom: store, clock: .system)
                return WireDeliveries(site: site.site, backend: store, leadership: leadership, policy: policy, logger: Logger(label: "test"))
            }
            let (nodeA, nodeB) = (try await node(storeA, leaders[0]), try await node(storeB, leaders[1]))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await nodeA.run() }
                group.addTask { try await nodeB.run() }
                for number in 0..<20 {
                    _ = try await (number.isMultiple(of: 2) ? storeA : storeB).publish(NewArticle(
                        headline: "두 노드 기사 \(number)", subheadlines: [], body: "본문 \(number).", section: SectionPath("society")!,
                        authorEmails: ["gildong@byline.test"], tags: [], dateline: nil, isBreaking: false, photos: [], publishedAt: Date()))
                }
                let deadline = ContinuousClock.now + .seconds(30)
                while receiver.received.withLock({ $0.count }) < 20, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                // Long enough for a second copy to arrive, if either node were to send one.
                try await Task.sleep(for: .seconds(1))
                group.cancelAll()
            }
            for leader in leaders { await leader.resign() }
            let keys = receiver.received.withLock { $0.map(\.key) }
            #expect(keys.count == 20, "every item once, no copies: \(keys.count)")
            #expect(Set(keys).count == keys.count)
            let bodies = receiver.received.withLock { $0.map { String(decoding: $0.body, as: UTF8.self) } }
            #expect(Set((0..<20).filter { number in bodies.contains { $0.contains("두 노드 기사 \(number)\"") } }).count == 20)
        }
        await storeA.close()
        await storeB.close()
    }
}
