import BylineTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("The byline command")
struct CommandTests {
    @Test("migrate creates the SQLite database in the data directory")
    func migrate() throws {
        let directory = try BylineProcess.temporaryDirectory()
        let result = try BylineProcess.run(["migrate", "--data-dir", directory.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("createArticles"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("byline.sqlite").path))
        // Running it again changes nothing and still succeeds.
        #expect(try BylineProcess.run(["migrate", "--data-dir", directory.path]).status == 0)
    }

    @Test("a flag wins over its environment variable, which wins over the default")
    func precedence() throws {
        let fromEnvironment = try BylineProcess.temporaryDirectory()
        let fromFlag = try BylineProcess.temporaryDirectory()
        #expect(try BylineProcess.run(["migrate"], environment: ["BYLINE_DATA_DIR": fromEnvironment.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: fromEnvironment.appendingPathComponent("byline.sqlite").path))

        let other = try BylineProcess.temporaryDirectory()
        #expect(try BylineProcess.run(["migrate", "--data-dir", fromFlag.path], environment: ["BYLINE_DATA_DIR": other.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: fromFlag.appendingPathComponent("byline.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent("byline.sqlite").path))
    }

    @Test("bad settings stop the start with a clear message and no secrets")
    func badSettings() throws {
        let directory = try BylineProcess.temporaryDirectory()
        let port = try BylineProcess.run(["serve", "--port", "eighty", "--data-dir", directory.path])
        #expect(port.status != 0)
        #expect(port.output.contains("port must be a number"))
        for (arguments, environment) in [
            (["--trusted-proxies", "10.0.0.0/33"], [:]), ([], ["BYLINE_TRUSTED_PROXIES": "proxy.example.com"]),
        ] as [([String], [String: String])] {
            let proxies = try BylineProcess.run(["serve", "--data-dir", directory.path] + arguments, environment: environment)
            #expect(proxies.status != 0)
            #expect(proxies.output.contains("trusted proxies must be IP addresses or CIDR ranges"))
        }

        let database = try BylineProcess.run([
            "serve", "--database-url", "postgres://editor:hunter2@db.invalid:5432/news?timeout=1s", "--data-dir", directory.path,
        ])
        #expect(database.status != 0)
        #expect(database.output.contains("cannot open the database at 'postgres://***@db.invalid:5432/news?timeout=1s'"))
        #expect(!database.output.contains("hunter2"))
    }

    @Test("serve fills a new database with the demo, and --no-demo keeps it empty")
    func serve() async throws {
        let demoDirectory = try BylineProcess.temporaryDirectory()
        let port = BylineProcess.freePort()
        let demo = try await BylineProcess.serve(["--data-dir", demoDirectory.path], port: port)
        defer { demo.terminate() }
        let home = try await BylineProcess.get("http://127.0.0.1:\(port)/")
        #expect(home.status == 200)
        #expect(home.body.contains("<article class=\"lead-story\">"))
        let article = try await BylineProcess.get("http://127.0.0.1:\(port)/news/1")
        #expect(article.status == 200)
        #expect(article.body.contains("=Byline]"))
        #expect(FileManager.default.fileExists(atPath: demoDirectory.appendingPathComponent("media/demo-1-1.svg").path))
        demo.terminate()
        demo.waitForExit()

        let emptyDirectory = try BylineProcess.temporaryDirectory()
        let emptyPort = BylineProcess.freePort()
        let empty = try await BylineProcess.serve(["--data-dir", emptyDirectory.path, "--no-demo"], port: emptyPort)
        defer { empty.terminate() }
        let emptyHome = try await BylineProcess.get("http://127.0.0.1:\(emptyPort)/")
        #expect(emptyHome.status == 200)
        #expect(!emptyHome.body.contains("lead-story"))
        #expect(try await BylineProcess.get("http://127.0.0.1:\(emptyPort)/news/1").status == 404)
    }
}

@Suite("The legal footer's configuration")
struct MastheadCommandTests {
    @Test("footer items come from the environment, and a public https site with demo values is warned about")
    func masthead() async throws {
        let directory = try BylineProcess.temporaryDirectory()
        let port = BylineProcess.freePort()
        let log = directory.appendingPathComponent("serve.log")
        let server = try await BylineProcess.serve(
            ["--data-dir", directory.path, "--no-demo"], port: port,
            environment: ["BYLINE_PUBLIC_URL": "https://news.byline.test", "BYLINE_PUBLISHER": "정발행", "BYLINE_REGISTRATION_NUMBER": "서울 아12345"],
            log: log)
        defer { server.terminate() }
        let page = try await BylineProcess.get("http://127.0.0.1:\(port)/latest")
        #expect(page.body.contains("발행인 정발행"))
        #expect(page.body.contains("인터넷신문 등록번호 서울 아12345"))
        #expect(page.body.contains("편집인 김편집 (예시)"), "what is not set keeps the demo value, marked as such")
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(output.contains("legal footer"))
        #expect(output.contains("BYLINE_EDITOR") && output.contains("BYLINE_YOUTH_OFFICER_CONTACT"))
        #expect(!output.contains("BYLINE_PUBLISHER,") && !output.contains("BYLINE_REGISTRATION_NUMBER"), "set items are not named")
    }
}

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("SIGTERM during requests: those in flight complete, the process exits 0")
    func sigterm() async throws {
        let directory = try BylineProcess.temporaryDirectory()
        let port = BylineProcess.freePort()
        let server = try await BylineProcess.serve(["--data-dir", directory.path, "--no-cache"], port: port)
        let outcomes = await withTaskGroup(of: Int.self) { group in
            for number in 0..<40 {
                group.addTask {
                    // Uncached article pages, each a real render: some are in flight when the signal lands.
                    // curl tells "refused" (exit 7) apart from a connection cut mid-answer (52, 56).
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/news/\(number % 20 + 1)"]
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    guard (try? process.run()) != nil else { return -2 }
                    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitForExit()
                    if process.terminationStatus == 0 { return Int(output) ?? -3 }
                    // An answer cut after its status line came is a broken answer whatever curl's code.
                    return output == "000" ? -Int(process.terminationStatus) : -1_000
                }
            }
            try? await Task.sleep(for: .milliseconds(30))
            kill(server.processIdentifier, SIGTERM)
            var outcomes: [Int] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        // Accepted requests are answered in full; later ones find the port closed (curl's 7), or,
        // when the kernel had queued the connection but the server had not taken it yet, the
        // connection closed before any byte of an answer (52, 56). Never a broken answer.
        #expect(outcomes.allSatisfy { [200, -7, -52, -56].contains($0) }, "\(outcomes)")
        #expect(outcomes.contains(200))
        for _ in 0..<200 where server.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!server.isRunning)
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)
    }
}
