import BylineTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Commands run beside a serving site go through the same newsroom services as the web: the
/// site's cached pages follow an import within seconds, whichever database it is on.
@Suite("commands beside a running site", .serialized)
struct RunningSiteCommandTests {
    static let password = "correct horse battery staple"

    static func get(_ url: String) async throws -> (status: Int, body: String, cache: String?) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self), http?.value(forHTTPHeaderField: "X-Cache"))
    }

    /// A line of the import format: an article published a minute ago in a section the site has not seen.
    static func article(headline: String) -> String {
        let formatter = ISO8601DateFormatter()
        let published = formatter.string(from: Date().addingTimeInterval(-60))
        return #"{"external_id":"wire-\#(UUID().uuidString)","headline":"\#(headline)","body":"본문","section":"investigation","authors":[{"name":"탐사팀","email":"probe@byline.test"}],"published_at":"\#(published)"}"#
    }

    /// Imports one article (and its section) with `storage` flags, then checks the running site at `base`.
    func importShows(base: String, storage: [String], environment: [String: String] = [:]) async throws {
        let directory = try BylineProcess.temporaryDirectory()
        // The latest list is cached before the import.
        _ = try await Self.get("\(base)/latest")
        #expect(try await Self.get("\(base)/latest").cache == "hit")

        let headline = "명령줄로 들여온 탐사 기사 \(Int.random(in: 1000...9999))"
        let file = directory.appendingPathComponent("wire.ndjson")
        try Data((#"{"kind":"section","slug":"investigation","name":"탐사보도"}"# + "\n" + Self.article(headline: headline) + "\n").utf8)
            .write(to: file)
        let imported = try BylineProcess.run(["import", file.path] + storage, environment: environment)
        #expect(imported.status == 0, "\(imported.output)")

        let shown = try await eventually(within: .seconds(10)) {
            try await Self.get("\(base)/latest").body.contains(headline)
        }
        #expect(shown, "the running site lists the imported article")
        let navigation = try await Self.get(base + "/")
        #expect(navigation.body.contains("탐사보도"), "the new section is in every page's navigation")
    }

    @Test("an import into SQLite reaches the server on that file within seconds, and IndexNow hears of it")
    func sqlite() async throws {
        let directory = try BylineProcess.temporaryDirectory()
        let port = BylineProcess.freePort()
        let server = try await BylineProcess.serve(["--data-dir", directory.path], port: port)
        defer { server.terminate() }

        // A stand-in IndexNow endpoint that keeps what it is sent.
        let received = directory.appendingPathComponent("indexnow.json")
        let endpointPort = BylineProcess.freePort()
        let endpoint = try IndexNowStandIn(port: endpointPort, keepingIn: received)
        defer { endpoint.stop() }

        try await importShows(
            base: "http://127.0.0.1:\(port)", storage: ["--data-dir", directory.path],
            environment: [
                "BYLINE_INDEXNOW_KEY": "byline-test-key-2026", "BYLINE_PUBLIC_URL": "https://news.byline.test",
                "BYLINE_INDEXNOW_ENDPOINTS": "http://127.0.0.1:\(endpointPort)/indexnow",
            ])
        let sent = try String(contentsOf: received, encoding: .utf8)
        #expect(sent.contains(#""urlList":["https://news.byline.test/news/"#), "\(sent)")
        #expect(sent.contains(#""key":"byline-test-key-2026""#))
    }

    @Test("an import into PostgreSQL reaches a node without Redis within seconds (LISTEN/NOTIFY)")
    func postgres() async throws {
        let postgres = try PostgresServerProcess()
        defer { postgres.stop() }
        let database = try postgres.createDatabase()
        let directory = try BylineProcess.temporaryDirectory()
        let port = BylineProcess.freePort()
        let server = try await BylineProcess.serve(["--database-url", database, "--data-dir", directory.path], port: port)
        defer { server.terminate() }
        try await importShows(base: "http://127.0.0.1:\(port)", storage: ["--database-url", database, "--data-dir", directory.path])
    }

    @Test("an account added at the command line renames an archive byline on the running site's pages")
    func userAddRenames() async throws {
        let directory = try BylineProcess.temporaryDirectory()
        let port = BylineProcess.freePort()
        let server = try await BylineProcess.serve(["--data-dir", directory.path], port: port)
        defer { server.terminate() }
        let base = "http://127.0.0.1:\(port)"
        let file = directory.appendingPathComponent("archive.ndjson")
        try Data((Self.article(headline: "옛 기사") + "\n").utf8).write(to: file)
        #expect(try BylineProcess.run(["import", file.path, "--data-dir", directory.path]).status == 0)
        // The import's own announcement reaches the server within half a second: let it pass.
        try await Task.sleep(for: .seconds(1))
        // The article's own page, cached with the archive's byline.
        let latest = try await Self.get("\(base)/latest").body
        let card = try #require(latest.range(of: "옛 기사"))
        let link = try #require(latest[..<card.lowerBound].matches(of: /\/news\/(\d+)/).last?.0)
        let article = "\(base)\(link)"
        #expect(try await Self.get(article).body.contains("탐사팀 기자"))
        let cached = try await eventually(within: .seconds(3)) { try await Self.get(article).cache == "hit" }
        #expect(cached)

        // A new writer's byline is on no page yet: the running site keeps its cache.
        let newcomer = try BylineProcess.run(
            ["user", "add", "--email", "new.writer@byline.test", "--name", "신입", "--role", "reporter", "--data-dir", directory.path],
            input: Self.password + "\n")
        #expect(newcomer.status == 0, "\(newcomer.output)")
        try await Task.sleep(for: .milliseconds(1500))
        #expect(try await Self.get(article).cache == "hit", "a new byline drops nothing")

        let added = try BylineProcess.run(
            ["user", "add", "--email", "PROBE@byline.test", "--name", "한탐사", "--role", "reporter", "--data-dir", directory.path],
            input: Self.password + "\n")
        #expect(added.status == 0, "\(added.output)")
        let renamed = try await eventually(within: .seconds(10)) {
            let page = try await Self.get(article).body
            return page.contains("한탐사 기자") && !page.contains("탐사팀 기자")
        }
        #expect(renamed, "the byline carries the account's name on the running site")
    }
}

/// A loopback HTTP endpoint (Python's standard library) that answers 200 to every POST and
/// appends each body to a file.
struct IndexNowStandIn {
    let process: Process

    init(port: Int, keepingIn file: URL) throws {
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let script = """
            import http.server, signal, sys
            # The test process blocks SIGTERM (it handles it itself), and a child inherits its
            # signal mask: without this, `stop()` left the server running after every test run.
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                    with open(sys.argv[2], 'ab') as out:
                        out.write(body + b'\\n')
                    self.send_response(200)
                    self.end_headers()
                def log_message(self, *args):
                    pass
            http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
            """
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, String(port), file.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Listening once a connection is accepted.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(socket)
            if connected == 0 { return }
            usleep(50_000)
        }
    }

    func stop() { process.terminate() }
}
