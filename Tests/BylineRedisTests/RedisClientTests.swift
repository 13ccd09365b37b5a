import BylineRedis
import BylineTestSupport
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// The client against a real `redis-server` (Debian's package, installed by scripts/test).
///
/// Bounds on waiting are generous (`TestBounds.noHang`): the suite runs beside every
/// other test on two cores, and its point is that nothing hangs, not how fast it is;
/// scripts/bench measures speed.
@Suite("Redis client", .serialized)
struct RedisClientTests {
    /// Tests of behaviour get a timeout that load cannot trip; tests of failure get short ones.
    func client(
        _ server: RedisServerProcess, password: String? = nil, database: Int = 0, breaker: CircuitBreaker = CircuitBreaker(),
        timeout: Duration = .seconds(2)
    ) -> RedisClient {
        RedisClient(
            RedisConfiguration(port: server.port, password: password, database: database,
                               commandTimeout: timeout, connectTimeout: timeout),
            breaker: breaker)
    }

    @Test("commands, error replies and a pipeline of a hundred")
    func commands() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let redis = client(server)
        defer { redis.close() }
        #expect(try await redis.send("SET", "기사:1", "서울").string == "OK")
        #expect(try await redis.send("GET", "기사:1").string == "서울")
        #expect(try await redis.send("GET", "없는키") == .bulkString(nil))
        await #expect(throws: RedisError.self) { try await redis.send("INCR", "기사:1") }
        let replies = try await redis.pipeline((0..<100).map { _ in ["INCR", "views"] })
        #expect(replies.last?.integer == 100)
        // Concurrent callers share the pooled, pipelined connections.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 { group.addTask { _ = try await redis.send("INCR", "concurrent") } }
            try await group.waitForAll()
        }
        #expect(try await redis.send("GET", "concurrent").integer == 50)
    }

    @Test("AUTH and SELECT come from the configuration")
    func authAndDatabase() async throws {
        let server = try RedisServerProcess(password: "비밀-pass")
        defer { server.stop() }
        let wrong = client(server, password: "nope")
        await #expect(throws: RedisError.self) { try await wrong.send("PING") }
        wrong.close()
        let redis = client(server, password: "비밀-pass", database: 3)
        defer { redis.close() }
        _ = try await redis.send("SET", "k", "v")
        let other = client(server, password: "비밀-pass", database: 0)
        defer { other.close() }
        #expect(try await other.send("GET", "k") == .bulkString(nil))
        #expect(try await redis.send("GET", "k").string == "v")
    }

    @Test("a frozen Redis costs one timeout, then the breaker answers at once; it closes again when Redis is back")
    func frozen() async throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let breaker = CircuitBreaker(threshold: 2, cooldown: 0.3)
        let redis = client(server, breaker: breaker, timeout: .milliseconds(100))
        defer { redis.close() }
        _ = try await redis.send("PING")

        server.freeze()
        let clock = ContinuousClock()
        for _ in 0..<2 {
            let elapsed = await clock.measure {
                await #expect(throws: RedisError.self) { try await redis.send("PING") }
            }
            #expect(elapsed < TestBounds.noHang, "a frozen server costs a timeout, not a hang")
        }
        #expect(breaker.state == .open)
        // An open breaker answers without the network: the error says so.
        await #expect(throws: RedisError.unavailable) { try await redis.send("PING") }

        server.thaw()
        try await Task.sleep(for: .milliseconds(350))
        #expect(try await redis.send("PING").string == "PONG")
        #expect(breaker.state == .closed)
    }

    @Test("a killed Redis fails fast, and the client reconnects when it returns")
    func killed() async throws {
        let server = try RedisServerProcess()
        let redis = client(server, breaker: CircuitBreaker(threshold: 100), timeout: .milliseconds(300))
        defer { redis.close() }
        _ = try await redis.send("SET", "k", "v")
        server.stop()
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            await #expect(throws: RedisError.self) { try await redis.send("GET", "k") }
        }
        #expect(elapsed < TestBounds.noHang)

        let restarted = try RedisServerProcess(port: server.port)
        defer { restarted.stop() }
        var reply: RESPValue?
        // Each pool slot notices its dead connection on first use and reconnects.
        for _ in 0..<4 where reply == nil { reply = try? await redis.send("PING") }
        #expect(reply?.string == "PONG")
    }

    @Test("servers that never answer or answer garbage cost a timeout or an error, never a hang or a crash")
    func misbehavingServers() async throws {
        for behaviour in FakeRedisServer.Behaviour.allCases {
            let fake = try await FakeRedisServer.start(behaviour)
            let redis = RedisClient(
                RedisConfiguration(port: fake.port, commandTimeout: .milliseconds(80), connectTimeout: .milliseconds(200)),
                breaker: CircuitBreaker(threshold: 100))
            let clock = ContinuousClock()
            let elapsed = await clock.measure {
                await #expect(throws: RedisError.self) { try await redis.send("GET", "k") }
            }
            #expect(elapsed < TestBounds.noHang, "\(behaviour)")
            redis.close()
            try await fake.close()
        }
    }

    /// Garbage closes the connection under commands that already chose it and write to it
    /// after it closed: each of those must fail too, never wait for a reply that cannot come.
    /// (A CI run once hung here for an hour.) The commands run as loose tasks so that a hung
    /// one fails this test instead of stalling the run.
    @Test("commands racing a connection that garbage closed all fail; none waits forever")
    func commandsRacingAClose() async throws {
        let fake = try await FakeRedisServer.start(.garbage)
        let redis = RedisClient(
            RedisConfiguration(port: fake.port, commandTimeout: .seconds(60), connectTimeout: .seconds(2), poolSize: 1),
            breaker: CircuitBreaker(threshold: 1_000_000))
        let finished = Finished()
        let count = 400
        for _ in 0..<count {
            Task {
                _ = try? await redis.send("GET", "k")
                finished.count.add(1, ordering: .relaxed)
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        while finished.count.load(ordering: .relaxed) < count, clock.now - start < TestBounds.noHang {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(finished.count.load(ordering: .relaxed) == count)
        redis.close()
        try await fake.close()
    }
}

/// A count the loose tasks above can share.
private final class Finished: Sendable {
    let count = Atomic<Int>(0)
}
