import BylineTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Several `byline serve` nodes on one real PostgreSQL (and one real Redis): what a large
/// agency runs. The database is frozen, stopped and restarted under them.
@Suite("byline serve: several nodes on PostgreSQL", .serialized)
struct PostgresNodesCommandTests {
    static let password = "correct horse battery staple"

    struct Answer {
        let status: Int
        let body: String
        let retryAfter: String?
        let cache: String?
        let elapsed: Duration
    }

    /// A real PostgreSQL and Redis, and two nodes on them; A made the demo newsroom.
    struct Cluster {
        let postgres: PostgresServerProcess
        let redis: RedisServerProcess
        let database: String
        let nodes: [Process]
        let a: String
        let b: String

        func stop() {
            nodes.forEach { $0.terminate() }
            redis.stop()
            postgres.stop()
        }
    }

    static func cluster() async throws -> Cluster {
        let postgres = try PostgresServerProcess()
        let redis = try RedisServerProcess()
        let database = try postgres.createDatabase() + "?timeout=1s&connect_timeout=1s"
        let shared = ["--database-url", database, "--redis-url", "redis://127.0.0.1:\(redis.port)?timeout=50ms"]
        let directory = try BylineProcess.temporaryDirectory()
        var nodes: [Process] = []
        var urls: [String] = []
        for name in ["a", "b"] {
            let port = BylineProcess.freePort()
            nodes.append(try await BylineProcess.serve(
                shared + ["--data-dir", directory.appendingPathComponent(name).path], port: port,
                log: directory.appendingPathComponent("\(name).log")))
            urls.append("http://127.0.0.1:\(port)")
        }
        return Cluster(postgres: postgres, redis: redis, database: database, nodes: nodes, a: urls[0], b: urls[1])
    }

    static func get(_ url: String) async throws -> Answer {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.timeoutInterval = 30
        let clock = ContinuousClock()
        let started = clock.now
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return Answer(
            status: http?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self),
            retryAfter: http?.value(forHTTPHeaderField: "Retry-After"), cache: http?.value(forHTTPHeaderField: "X-Cache"),
            elapsed: clock.now - started)
    }

    /// An editor's API token, made with the command line against the database.
    static func token(database: String) throws -> String {
        let added = try BylineProcess.run(
            ["user", "add", "--email", "wire@byline.test", "--name", "통신", "--role", "editor", "--database-url", database],
            input: password + "\n")
        #expect(added.status == 0, "\(added.output)")
        let created = try BylineProcess.run(["token", "create", "--user", "wire@byline.test", "--database-url", database])
        return try #require(created.output.split(separator: "\n").last.map(String.init))
    }

    static func api(_ token: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning { usleep(2_000) }
        return String(decoding: data, as: UTF8.self)
    }

    @Test("an edit on one node shows on the other; a frozen or stopped database costs cached readers nothing; both recover")
    func twoNodes() async throws {
        let cluster = try await Self.cluster()
        defer { cluster.stop() }
        let (postgres, database, a, b) = (cluster.postgres, cluster.database, cluster.a, cluster.b)

        // An edit through node A's API shows on node B, which had the old page cached.
        let token = try Self.token(database: database)
        let shown = try await Self.get("\(b)/news/3")
        #expect(shown.status == 200)
        let current = try Self.api(token, ["\(a)/api/v1/admin/articles/3"])
        let version = try #require(current.firstMatch(of: /"version":(\d+)/)?.1)
        let patched = try Self.api(token, ["-X", "PATCH", "-d", #"{"headline": "두 노드 사이 고친 제목", "version": \#(version)}"#,
                                           "\(a)/api/v1/admin/articles/3"])
        #expect(patched.contains("두 노드 사이 고친 제목"), "\(patched)")
        let edited = try await eventually(within: .seconds(10)) {
            try await Self.get("\(b)/news/3").body.contains("두 노드 사이 고친 제목")
        }
        #expect(edited, "node B shows node A's edit")

        // PostgreSQL freezes: a cached article answers at once, an uncached one fails fast.
        // Warm the page first (on a loaded machine a first render may miss the 1 s deadline).
        #expect(try await eventually(within: .seconds(10)) { try await Self.get("\(a)/news/5").status == 200 })
        postgres.freeze()
        let cached = try await Self.get("\(a)/news/5")
        #expect(cached.status == 200)
        #expect(cached.elapsed < TestBounds.noHang, "a cached page took \(cached.elapsed)")
        let uncached = try await Self.get("\(a)/news/6")
        #expect(uncached.status == 503)
        // The node's deadline is one second; the bound is generous for a loaded test machine.
        #expect(uncached.elapsed < TestBounds.noHang, "an uncached page took \(uncached.elapsed) with the database frozen")
        postgres.thaw()

        // PostgreSQL stops: cached pages still answer; others get the Korean 503 with Retry-After.
        #expect(try await eventually(within: .seconds(10)) { try await Self.get("\(b)/news/5").status == 200 })
        postgres.stop()
        #expect(try await Self.get("\(b)/news/5").status == 200)
        let down = try await Self.get("\(b)/news/7")
        #expect(down.status == 503)
        #expect(down.retryAfter != nil)
        #expect(down.body.contains("<html lang=\"ko\""))
        #expect(!down.body.contains("PSQL") && !down.body.contains("Postgres"))
        let ready = try await Self.get("\(b)/readyz")
        #expect(ready.status == 503)
        #expect(ready.body.contains(#""database":{"healthy":false"#), "\(ready.body)")

        // PostgreSQL comes back: both nodes answer again by themselves.
        try postgres.start()
        for (node, number) in [(a, 8), (b, 9)] {
            let recovered = try await eventually(within: .seconds(15)) { try await Self.get("\(node)/news/\(number)").status == 200 }
            #expect(recovered, "\(node) recovers without a restart")
        }
        #expect(try await Self.get("\(b)/readyz").status == 200)
    }

    @Test("after a burst of publishes, a correction and an unpublish, a frozen database costs neither node a page it had cached")
    func burstThenFreeze() async throws {
        let cluster = try await Self.cluster()
        defer { cluster.stop() }
        let (a, b) = (cluster.a, cluster.b)
        let token = try Self.token(database: cluster.database)
        let pages = ["/", "/latest", "/breaking", "/section/society", "/section/economy", "/rss.xml"] + (1...12).map { "/news/\($0)" }
        for node in [a, b] {
            for page in pages {
                #expect(try await eventually(within: .seconds(10)) { try await Self.get(node + page).cache == "hit" }, "\(node)\(page)")
            }
        }

        // Twenty publishes through node A, every third a 속보, in two sections.
        let base = "\(a)/api/v1/admin/articles"
        for number in 1...20 {
            let section = number.isMultiple(of: 2) ? "society" : "economy"
            let body = #"{"headline": "연속 출고 시험 \#(number)", "body": "본문입니다.", "section": "\#(section)", "#
                + #""breaking": \#(number.isMultiple(of: 3)), "authors": [{"name": "김도윤", "email": "doyun.kim@byline.example"}]}"#
            let draft = try Self.api(token, ["-d", body, base])
            let id = try #require(draft.firstMatch(of: /"id":(\d+)/)?.1, "\(draft)")
            #expect(try Self.api(token, ["-X", "POST", "\(base)/\(id)/publish"]).contains(#""status":"published""#))
        }
        // A correction shows at once on the node that took it, and on the other as soon as it hears.
        let corrected = try Self.api(token, ["-d", #"{"text": "연속 출고 중 바로잡은 내용"}"#, "\(base)/3/correct"])
        #expect(corrected.contains("연속 출고 중 바로잡은 내용"), "\(corrected)")
        #expect(try await Self.get("\(a)/news/3").body.contains("연속 출고 중 바로잡은 내용"))
        #expect(try await eventually { try await Self.get("\(b)/news/3").body.contains("연속 출고 중 바로잡은 내용") })
        // An unpublished article is gone from every cache.
        #expect(try Self.api(token, ["-X", "POST", "\(base)/4/unpublish"]).contains(#""status":"unpublished""#))
        #expect(try await Self.get("\(a)/news/4").status == 404)
        #expect(try await eventually { try await Self.get("\(b)/news/4").status == 404 })

        // PostgreSQL freezes right after the burst: every page either node had cached answers,
        // fresh or stale, without waiting for a render; the corrected one with its correction.
        cluster.postgres.freeze()
        defer { cluster.postgres.thaw() }
        for node in [a, b] {
            for page in pages where page != "/news/4" {
                let answer = try await Self.get(node + page)
                #expect(answer.status == 200, "\(node)\(page)")
                #expect(answer.cache == "hit" || answer.cache == "stale", "\(node)\(page): \(answer.cache ?? "-")")
                #expect(answer.elapsed < TestBounds.noHang, "\(node)\(page) took \(answer.elapsed)")
            }
            #expect(try await Self.get("\(node)/news/3").body.contains("연속 출고 중 바로잡은 내용"))
            #expect(try await Self.get("\(node)/news/4").status != 200, "never the withdrawn article")
        }
    }

    @Test("a kill through one node: both answer 410 and list it within seconds, and with the database frozen neither serves the article")
    func killOnTwoNodes() async throws {
        let cluster = try await Self.cluster()
        defer { cluster.stop() }
        let (a, b) = (cluster.a, cluster.b)
        let token = try Self.token(database: cluster.database)
        let article = try Self.api(token, ["\(a)/api/v1/admin/articles/5"])
        // Its first words: pages escape the quotes a headline may carry further on.
        let headline = try #require(article.firstMatch(of: /"headline":"([^"]+)"/).map { String($0.1.prefix(10)) })
        // Both nodes have the article and the front page cached.
        for node in [a, b] {
            for page in ["/news/5", "/"] {
                #expect(try await eventually(within: .seconds(10)) { try await Self.get(node + page).cache == "hit" }, "\(node)\(page)")
            }
            #expect(try await Self.get("\(node)/").body.contains(headline), "\(node) lists it on the front page")
        }

        let killed = try Self.api(token, ["-d", #"{"reason": "두 노드 킬 시험"}"#, "\(a)/api/v1/admin/articles/5/kill"])
        #expect(killed.contains(#""status":"killed""#), "\(killed)")
        #expect(try await Self.get("\(a)/news/5").status == 410)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try await eventually(within: .seconds(10)) { try await Self.get("\(b)/news/5").status == 410 })
        // Within a second here; the bound asserted is generous so that a loaded machine does not fail it.
        #expect(clock.now - start < .seconds(5))
        for node in [a, b] {
            #expect(!(try await Self.get("\(node)/").body.contains(headline)), "\(node) still lists it")
            #expect(try await Self.get("\(node)/api/v1/kills").body.contains("두 노드 킬 시험"))
        }

        // The database freezes: no cache on either node has the article to give.
        cluster.postgres.freeze()
        defer { cluster.postgres.thaw() }
        for node in [a, b] {
            let answer = try await Self.get("\(node)/news/5")
            #expect(answer.status != 200, "\(node)")
            #expect(!answer.body.contains(headline), "\(node) served the killed article")
        }
    }

    @Test("live coverage: an entry posted through one node reaches a reader streaming from the other within seconds")
    func liveOnTwoNodes() async throws {
        let cluster = try await Self.cluster()
        defer { cluster.stop() }
        let (a, b) = (cluster.a, cluster.b)
        let token = try Self.token(database: cluster.database)
        let base = "\(a)/api/v1/admin/articles/6"
        #expect(try Self.api(token, ["-X", "POST", "\(base)/live"]).contains(#""status":"published""#))

        // A reader on node B, as a browser's EventSource would hold it.
        let output = try BylineProcess.temporaryDirectory().appendingPathComponent("stream.txt")
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        reader.arguments = ["curl", "-sN", "--max-time", "30", "-o", output.path, "\(b)/news/6/live?after=0"]
        try reader.run()
        defer { reader.terminate() }
        func received() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        #expect(try await eventually(within: .seconds(10)) { received().hasPrefix("retry:") }, "the stream opened")

        let clock = ContinuousClock()
        let start = clock.now
        let posted = try Self.api(token, ["-d", #"{"body": "두 노드 사이 라이브 글"}"#, "\(base)/live/entries"])
        #expect(posted.contains(#""sequence":1"#), "\(posted)")
        #expect(try await eventually(within: .seconds(10)) { received().contains("두 노드 사이 라이브 글") }, "node B's reader got it")
        // Within about a second here (node B reads the database once a second); generous for a loaded machine.
        #expect(clock.now - start < .seconds(5))
        // The page, read on PostgreSQL in one statement, knows the article is live.
        #expect(try await eventually(within: .seconds(10)) { try await Self.get("\(b)/news/6").body.contains("두 노드 사이 라이브 글") })
        #expect(try await Self.get("\(b)/news/6").body.contains("실시간 중계 중"))
        _ = try Self.api(token, ["-X", "POST", "\(base)/live/end"])
        #expect(try await eventually(within: .seconds(10)) { !reader.isRunning }, "the stream ends with the coverage")
        #expect(received().contains("event: end"))
    }

    @Test("killing the node that runs scheduled publishing lets the other publish on time")
    func schedulerTakeover() async throws {
        let postgres = try PostgresServerProcess()
        defer { postgres.stop() }
        let database = try postgres.createDatabase() + "?timeout=1s"
        let directory = try BylineProcess.temporaryDirectory()
        let portA = BylineProcess.freePort()
        let logA = directory.appendingPathComponent("a.log")
        let nodeA = try await BylineProcess.serve(
            ["--database-url", database, "--data-dir", directory.appendingPathComponent("a").path], port: portA, log: logA)
        defer { nodeA.terminate() }
        // A runs the scheduler: it started first.
        let leads = try await eventually(within: .seconds(5)) {
            (try? String(contentsOf: logA, encoding: .utf8))?.contains("this node now runs the scheduled jobs") == true
        }
        #expect(leads)
        let portB = BylineProcess.freePort()
        let logB = directory.appendingPathComponent("b.log")
        let nodeB = try await BylineProcess.serve(
            ["--database-url", database, "--data-dir", directory.appendingPathComponent("b").path], port: portB, log: logB)
        defer { nodeB.terminate() }

        let token = try Self.token(database: database)
        let base = "http://127.0.0.1:\(portB)/api/v1/admin/articles"
        let draft = try Self.api(token, ["-d", #"{"headline": "예약 출고 인계 시험", "body": "본문입니다.", "section": "society", "authors": [{"name": "김도윤", "email": "doyun.kim@byline.example"}]}"#, base])
        let id = try #require(draft.firstMatch(of: /"id":(\d+)/)?.1)
        let at = Date().addingTimeInterval(4)
        let formatter = ISO8601DateFormatter()
        let scheduled = try Self.api(token, ["-d", #"{"scheduled_at": "\#(formatter.string(from: at))"}"#, "\(base)/\(id)/schedule"])
        #expect(scheduled.contains(#""status":"scheduled""#), "\(scheduled)")

        kill(nodeA.processIdentifier, SIGKILL)
        let published = try await eventually(within: .seconds(10)) {
            try await Self.get("http://127.0.0.1:\(portB)/news/\(id)").status == 200
        }
        #expect(published, "node B published the article after node A died")
        #expect(Date().timeIntervalSince(at) < 8, "published \(Date().timeIntervalSince(at)) s after its time")
        #expect(try String(contentsOf: logB, encoding: .utf8).contains("this node now runs the scheduled jobs"))
    }

    @Test("a malformed or unreachable database URL is one clear line, for every command")
    func badURLs() throws {
        let unreachable = "postgres://byline@127.0.0.1:\(BylineProcess.freePort())/byline?connect_timeout=500ms&timeout=1s"
        for (arguments, expected) in [
            (["migrate", "--database-url", "postgres://byline@db.example:99999/byline"], "malformed"),
            (["migrate", "--database-url", "postgres://byline@127.0.0.1/byline?colour=blue"], "unknown option 'colour'"),
            (["migrate", "--database-url", "mysql://byline@127.0.0.1/byline"], "not supported"),
            (["migrate", "--database-url", unreachable], "cannot open the database"),
            (["export", "--database-url", unreachable], "cannot open the database"),
            (["serve", "--database-url", unreachable, "--port", "0"], "cannot open the database"),
        ] {
            let result = try BylineProcess.run(arguments)
            #expect(result.status != 0)
            let lines = result.output.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments[0]): \(result.output)")
            #expect(result.output.contains(expected), "\(arguments[0]): \(result.output)")
            for leak in ["PSQLError", "PostgresNIO", "Stack", ".swift"] {
                #expect(!result.output.contains(leak), "\(arguments[0]): \(result.output)")
            }
        }
    }
}
