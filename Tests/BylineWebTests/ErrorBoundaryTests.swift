import BylineCore
import Foundation
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Error boundary")
struct ErrorBoundaryTests {
    @Test("when the database fails, cached pages still answer and the rest get a Korean 503 with Retry-After")
    func databaseDown() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let failing = FaultyStore(wrapping: fixture.store)
        let app = try await buildApplication(
            configuration: WebConfiguration(port: 0, mediaDirectory: fixture.directory),
            store: failing, clock: .fixed(WebFixture.now))
        try await app.test(.router) { client in
            #expect(try await client.execute(uri: "/", method: .get).status == .ok)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            #expect(ready.text.contains(#""database":{"healthy":true"#))
            #expect(ready.text.contains(#""ready":true"#))
            failing.fault.withLock { $0 = StorageError(isTransient: true, detail: "SQLite error 10: disk I/O error - while executing `SELECT * FROM article`") }
            // The home page was rendered before the failure: readers keep getting it.
            let cached = try await client.execute(uri: "/", method: .get)
            #expect(cached.status == .ok)
            #expect(cached.text.contains("서울시, 한강 야간 수영장 개장"))
            for uri in ["/news/1", "/latest", "/section/society"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .serviceUnavailable, "\(uri)")
                #expect(response.headers[.retryAfter] == "5")
                #expect(response.text.contains("잠시 후 다시 시도해 주세요"))
                // The navigation still shows, from memory.
                #expect(response.text.contains("<a href=\"/section/society\">사회</a>"))
                expectNothingInternal(response.text)
            }
            // Readiness says the database is down, so a load balancer can take the node out.
            let unready = try await client.execute(uri: "/readyz", method: .get)
            #expect(unready.status == .serviceUnavailable)
            #expect(unready.text.contains(#""state":"down""#))
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok, "alive all the same")
            // The same failure on the API answers problem+json.
            let api = try await client.execute(uri: "/api/v1/articles", method: .get)
            #expect(api.headers[.contentType] == "application/problem+json")

            failing.fault.withLock { $0 = StorageError(isTransient: false, detail: "SQLite error 1: no such column: bogus") }
            let broken = try await client.execute(uri: "/latest", method: .get)
            #expect(broken.status == .internalServerError)
            #expect(broken.text.contains("일시적인 오류가 발생했습니다"))
            expectNothingInternal(broken.text)

            // Recovery needs no restart.
            failing.fault.withLock { $0 = nil }
            #expect(try await client.execute(uri: "/latest", method: .get).status == .ok)
        }
    }

    @Test("the start fails clearly when a template is missing or broken")
    func templatesAtStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "<p>{{name}}</p>".write(to: directory.appendingPathComponent("layout.mustache"), atomically: true, encoding: .utf8)
        await #expect {
            try await Templates.load(directory: directory)
        } throws: { error in
            String(describing: error).contains("home.mustache is missing")
        }

        try "{{#broken}}<p>".write(to: directory.appendingPathComponent("home.mustache"), atomically: true, encoding: .utf8)
        await #expect {
            try await Templates.load(directory: directory)
        } throws: { error in
            String(describing: error).contains("home.mustache") || String(describing: error).contains("home")
        }

        await #expect(throws: StartupError.self) {
            try await Templates.load(directory: directory.appendingPathComponent("nowhere"))
        }

        // Every template present and sound, but the layout without the fast escaper's pragma.
        let shipped = try #require(bundledDirectory("templates"))
        let copy = directory.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: shipped, to: copy)
        let layout = copy.appendingPathComponent("layout.mustache")
        let text = try String(contentsOf: layout, encoding: .utf8)
        _ = try await Templates.load(directory: copy)
        try String(text.dropFirst(Templates.contentTypePragma.count)).write(to: layout, atomically: true, encoding: .utf8)
        await #expect {
            try await Templates.load(directory: copy)
        } throws: { error in
            String(describing: error).contains("layout.mustache must begin with {{% CONTENT_TYPE: BYLINE_HTML }}")
        }
    }

    @Test("the shipped templates and assets load")
    func shippedResources() async throws {
        _ = try await Templates.load()
        let assets = try StaticAssets.load()
        #expect(assets.url("site.css").hasPrefix("/static/site."))
    }
}
