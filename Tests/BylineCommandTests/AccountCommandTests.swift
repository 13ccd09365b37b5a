import BylineTestSupport
import Foundation
import Testing

@Suite("byline user and token")
struct AccountCommandTests {
    static let password = "새벽-편집회의-0630"

    @Test("user add reads the password from standard input and refuses short ones and duplicates")
    func userAdd() throws {
        let directory = try BylineProcess.temporaryDirectory()
        let base = ["--email", "desk@byline.test", "--name", "한데스크", "--role", "editor", "--data-dir", directory.path]
        let short = try BylineProcess.run(["user", "add"] + base, input: "짧은비번\n")
        #expect(short.status != 0)
        #expect(short.output.contains("at least 10 characters"))
        let none = try BylineProcess.run(["user", "add"] + base, input: "")
        #expect(none.status != 0)
        #expect(none.output.contains("no password"))
        let role = try BylineProcess.run(["user", "add", "--email", "a@byline.test", "--name", "가", "--role", "chief",
                                          "--data-dir", directory.path], input: Self.password + "\n")
        #expect(role.status != 0)
        #expect(role.output.contains("reporter"))

        let added = try BylineProcess.run(["user", "add"] + base, input: Self.password + "\n")
        #expect(added.status == 0, "\(added.output)")
        #expect(added.output.contains("added desk@byline.test as editor"))
        #expect(added.output.contains("byline: reporter 1"), "an editor is a byline from the start")
        let again = try BylineProcess.run(["user", "add"] + base.map { $0 == "desk@byline.test" ? "DESK@byline.test" : $0 },
                                          input: Self.password + "\n")
        #expect(again.status != 0)
        #expect(again.output.contains("이미 등록된 이메일"))
        #expect(!again.output.contains("SQL"))
        let database = try Data(contentsOf: directory.appendingPathComponent("byline.sqlite"))
        #expect(database.range(of: Data(Self.password.utf8)) == nil, "only the bcrypt hash is stored")
    }

    @Test("token create prints the token last and stores only its hash")
    func tokenCreate() throws {
        let directory = try BylineProcess.temporaryDirectory()
        _ = try BylineProcess.run(["user", "add", "--email", "api@byline.test", "--name", "연동", "--role", "reporter",
                                   "--data-dir", directory.path], input: Self.password + "\n")
        let created = try BylineProcess.run(["token", "create", "--user", "api@byline.test", "--data-dir", directory.path])
        #expect(created.status == 0, "\(created.output)")
        let token = try #require(created.output.split(separator: "\n").last.map(String.init))
        #expect(token.count == 43)
        let database = try Data(contentsOf: directory.appendingPathComponent("byline.sqlite"))
        #expect(database.range(of: Data(token.utf8)) == nil)
        let unknown = try BylineProcess.run(["token", "create", "--user", "nobody@byline.test", "--data-dir", directory.path])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("no user"))
    }

    @Test("a user added on the command line signs in to a running server")
    func signInToServe() async throws {
        let directory = try BylineProcess.temporaryDirectory()
        _ = try BylineProcess.run(["user", "add", "--email", "desk@byline.test", "--name", "한데스크", "--role", "admin",
                                   "--data-dir", directory.path], input: Self.password + "\n")
        let port = BylineProcess.freePort()
        let server = try await BylineProcess.serve(["--data-dir", directory.path, "--no-demo"], port: port)
        defer { server.terminate() }
        let jar = directory.appendingPathComponent("cookies").path
        let base = "http://127.0.0.1:\(port)"
        func curl(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["curl", "-s", "-c", jar, "-b", jar] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitForExit()
            return String(decoding: data, as: UTF8.self)
        }
        let form = try curl(["\(base)/admin/login"])
        let csrf = try #require(form.firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1)
        let posted = try curl(["-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                               "--data-urlencode", "email=desk@byline.test", "--data-urlencode", "password=\(Self.password)",
                               "--data-urlencode", "csrf_token=\(csrf)", "\(base)/admin/login"])
        #expect(posted == "303 \(base)/admin/dashboard", "signed in, the newsroom lands on its dashboard")
        let desk = try curl(["\(base)/admin"])
        #expect(desk.contains("한데스크"))
        #expect(desk.contains("관리자"))
    }

    @Test("a token from the command line drives the Admin API of a running server: create, publish, read")
    func apiWithToken() async throws {
        let directory = try BylineProcess.temporaryDirectory()
        _ = try BylineProcess.run(["user", "add", "--email", "wire@byline.test", "--name", "통신", "--role", "editor",
                                   "--data-dir", directory.path], input: Self.password + "\n")
        let created = try BylineProcess.run(["token", "create", "--user", "wire@byline.test", "--data-dir", directory.path])
        let token = try #require(created.output.split(separator: "\n").last.map(String.init))
        let port = BylineProcess.freePort()
        let server = try await BylineProcess.serve(["--data-dir", directory.path], port: port)
        defer { server.terminate() }
        let base = "http://127.0.0.1:\(port)/api/v1/admin/articles"
        func curl(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["curl", "-s", "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json"] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitForExit()
            return String(decoding: data, as: UTF8.self)
        }
        // The demo newsroom has the section and the reporter this draft names.
        let draft = try curl(["-d", #"{"headline": "통신 기사 시험", "body": "본문입니다.", "section": "society", "authors": [{"name": "김도윤", "email": "doyun.kim@byline.example"}]}"#, base])
        let id = try #require(draft.firstMatch(of: /"id":(\d+)/)?.1)
        #expect(draft.contains(#""status":"draft""#))
        #expect(try curl(["-X", "POST", "\(base)/\(id)/publish"]).contains(#""status":"published""#))
        let page = try await BylineProcess.get("http://127.0.0.1:\(port)/news/\(id)")
        #expect(page.status == 200)
        #expect(page.body.contains("통신 기사 시험"))
    }
}
