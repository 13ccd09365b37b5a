import BylineTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("byline serve with Redis", .serialized)
struct SharedCacheCommandTests {
    static func get(_ url: String) async throws -> (status: Int, cache: String?, elapsed: Duration) {
        let clock = ContinuousClock()
        var result: (Int, String?) = (0, nil)
        let elapsed = try await clock.measure {
            let (_, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
            let http = response as? HTTPURLResponse
            result = (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "X-Cache"))
        }
        return (result.0, result.1, elapsed)
    }

    @Test("two nodes share rendered pages through Redis, and a frozen Redis costs readers nothing")
    func twoNodesAndAFrozenRedis() async throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        let data = try BylineProcess.temporaryDirectory()
        let url = "redis://127.0.0.1:\(redis.port)?timeout=50ms"
        // The first node creates the demo database; the second opens the same one.
        let portA = BylineProcess.freePort()
        let nodeA = try await BylineProcess.serve(["--data-dir", data.path, "--redis-url", url], port: portA)
        defer { nodeA.terminate() }
        let portB = BylineProcess.freePort()
        let nodeB = try await BylineProcess.serve(["--data-dir", data.path, "--redis-url", url], port: portB)
        defer { nodeB.terminate() }

        #expect(try await Self.get("http://127.0.0.1:\(portA)/news/3").cache == "miss")
        var fromB: String?
        for _ in 0..<200 where fromB != "shared" {
            try await Task.sleep(for: .milliseconds(20))
            fromB = try await Self.get("http://127.0.0.1:\(portB)/news/3").cache
        }
        #expect(fromB == "shared", "node B serves what node A rendered")

        let readyBefore = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(portA)/readyz")))
        #expect(String(decoding: readyBefore.0, as: UTF8.self).contains(#""redis":{"healthy":true"#))

        // Redis freezes: every reader still gets a page, none waits long.
        redis.freeze()
        defer { redis.thaw() }
        for number in 10..<30 {
            let answer = try await Self.get("http://127.0.0.1:\(portA)/news/\(number)")
            #expect(answer.status == 200)
            // A generous bound: this runs beside every other test on two cores. It proves readers
            // are not held up by the frozen Redis; scripts/bench measures how quickly they are served.
            #expect(answer.elapsed < TestBounds.noHang, "/news/\(number) took \(answer.elapsed)")
        }
        // The node stays ready: Redis is an accelerator, and readiness says how it is doing.
        let (readyData, readyResponse) = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(portA)/readyz")))
        #expect((readyResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: readyData, as: UTF8.self).contains(#""redis":{"healthy":false"#))
        let malformed = try BylineProcess.run(["serve", "--redis-url", "redis://h:99999", "--data-dir", data.path])
        #expect(malformed.status != 0)
        #expect(malformed.output.contains("redis URL"))
    }
}
