import Synchronization

/// How busy a store's database connections are, for `/metrics`.
public struct DatabaseUsage: Hashable, Sendable {
    /// Store calls running now, each holding or waiting for a connection.
    public var inFlight: Int
    /// Connections the store may have open at once.
    public var capacity: Int
    /// Store calls that gave up waiting for the database since the start.
    public var timeouts: Int

    public init(inFlight: Int, capacity: Int, timeouts: Int) {
        self.inFlight = inFlight
        self.capacity = capacity
        self.timeouts = timeouts
    }
}

/// A store that can say how busy its connections are.
public protocol ReportsDatabaseUsage: Sendable {
    var databaseUsage: DatabaseUsage { get }
}

/// Counts a store's calls in flight and its timeouts, cheaply enough for every call.
public final class DatabaseCallCounter: Sendable {
    private let running = Atomic<Int>(0)
    private let timedOut = Atomic<Int>(0)

    public init() {}

    /// Runs `body`, counted as in flight meanwhile.
    public func count<T>(_ body: () async throws -> T) async rethrows -> T {
        running.add(1, ordering: .relaxed)
        defer { running.subtract(1, ordering: .relaxed) }
        return try await body()
    }

    public func timeout() { timedOut.add(1, ordering: .relaxed) }

    public func usage(capacity: Int) -> DatabaseUsage {
        DatabaseUsage(
            inFlight: running.load(ordering: .relaxed), capacity: capacity, timeouts: timedOut.load(ordering: .relaxed))
    }
}
