import NIOCore
import NIOPosix
import Synchronization

/// Byline's Redis client: a few pipelined connections behind a circuit breaker.
///
/// Every call either answers within the configured timeouts or fails with a
/// `RedisError`; while the breaker is open, calls fail at once without touching the
/// network. Callers treat any failure as "no cache this time".
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    public let breaker: CircuitBreaker
    private let group: any EventLoopGroup
    private let connections: Mutex<[RedisConnection?]>
    private let next = Atomic<Int>(0)

    public init(
        _ configuration: RedisConfiguration, breaker: CircuitBreaker = CircuitBreaker(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.breaker = breaker
        self.group = group
        self.connections = Mutex(Array(repeating: nil, count: max(1, configuration.poolSize)))
    }

    /// Sends one command and returns its reply; an error reply throws `.server`.
    public func send(_ command: String...) async throws(RedisError) -> RESPValue {
        let reply = try await pipeline([command])[0]
        if case .error(let message) = reply { throw .server(message) }
        return reply
    }

    /// Sends commands in one write; replies come back in order (error replies included).
    public func pipeline(_ commands: [[String]]) async throws(RedisError) -> [RESPValue] {
        try await pipeline(bytes: commands.map { $0.map { Array($0.utf8) } })
    }

    /// The same with binary arguments.
    public func pipeline(bytes commands: [[[UInt8]]]) async throws(RedisError) -> [RESPValue] {
        guard breaker.allowsCall() else { throw .unavailable }
        do {
            let replies = try await connection().send(commands)
            breaker.recordSuccess()
            return replies
        } catch {
            breaker.recordFailure()
            throw error
        }
    }

    /// Closes every connection.
    public func close() {
        let open = connections.withLock { connections in
            defer { connections = Array(repeating: nil, count: connections.count) }
            return connections.compactMap { $0 }
        }
        open.forEach { $0.close() }
    }

    /// A live connection from the pool, round robin, reconnecting a slot whose connection died.
    private func connection() async throws(RedisError) -> RedisConnection {
        let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue % configuration.poolSize
        if let existing = connections.withLock({ $0[slot] }), existing.isActive { return existing }
        let fresh = try await RedisConnection.connect(configuration, group: group)
        let replaced = connections.withLock { connections in
            defer { connections[slot] = fresh }
            return connections[slot]
        }
        replaced?.close()
        return fresh
    }
}
