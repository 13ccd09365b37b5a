import BylineCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The newsroom stored in PostgreSQL, through postgres-nio's connection pool.
///
/// Several nodes share one database, so nothing here is kept in memory (but a hint of
/// which article pages were read once, `ReadOnce`): every read and write goes to the
/// server, each write in one transaction. Every call has a
/// client-side deadline (`PostgresConfiguration.timeout`): a database that is down,
/// frozen or cut off costs a reader a fast `StorageError`, never a hung request.
public final class PostgresNewsStore: ReportsDatabaseUsage {
    let client: PostgresClient
    /// Connections for the ranges of ids a relevance search reads from the GIN indexes:
    /// bitmap scans only, within a reader's search time limit, set as each connects
    /// (`searchSettings`). A range is then one round trip, where a transaction that set them
    /// took four (BEGIN, the settings, the query, COMMIT); with both cores busy, the second
    /// half of a range started up to 2 ms after the first.
    let searchClient: PostgresClient
    /// Connections for the searches that walk back from the newest article, testing each
    /// document: index scans allowed, set as each connects, for the same reason. Each search
    /// pool holds half of `pool` at most (two at least: a walk reads two ranges at once).
    let walkClient: PostgresClient
    let calls = DatabaseCallCounter()
    public let configuration: PostgresConfiguration
    let logger: Logger
    /// Names this process in its invalidation notices, so that it ignores its own.
    let origin = UUID().uuidString
    /// Article pages read once and not kept (`ArticlePageData`): a page is kept on its
    /// second read, so that the archive's long tail, read once, pays nothing for keeping.
    let readOnce = ReadOnce(capacity: 10_000)
    let probes = SearchProbes()
    private let runners: [Task<Void, Never>]

    /// Connects, brings the schema forward and returns the store. Throws a `StorageError`
    /// whose detail is one line when the server cannot be reached.
    public static func open(_ configuration: PostgresConfiguration, logger: Logger = Logger(label: "byline.postgres")) async throws
        -> PostgresNewsStore
    {
        let store = PostgresNewsStore(configuration, logger: logger)
        do {
            // Reachable within the usual deadline first: only migrating may take long.
            try await store.read { [logger] connection in try await connection.run("SELECT 1", logger: logger) }
            try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    init(_ configuration: PostgresConfiguration, logger: Logger) {
        var options = if let socketPath = configuration.socketPath {
            PostgresClient.Configuration(
                unixSocketPath: socketPath, username: configuration.username, password: configuration.password,
                database: configuration.database)
        } else {
            PostgresClient.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.username,
                password: configuration.password, database: configuration.database, tls: .disable)
        }
        options.options.connectTimeout = configuration.connectTimeout
        options.options.maximumConnections = configuration.poolSize
        options.options.minimumConnections = 0
        options.options.connectionIdleTimeout = .seconds(60)
        // A pooled connection whose server went away is found by this ping and replaced
        // before a request is handed it.
        options.options.keepAliveBehavior = .init(frequency: .seconds(5))
        options.options.additionalStartupParameters = [
            ("statement_timeout", String(configuration.statementTimeout.milliseconds)),
            ("application_name", "byline"),
            ("TimeZone", "UTC"),
        ]
        func searchOptions(indexScans: Bool) -> PostgresClient.Configuration {
            var searchOptions = options
            searchOptions.options.maximumConnections = max(2, (configuration.poolSize + 1) / 2)
            searchOptions.options.additionalStartupParameters = [("application_name", "byline search"), ("TimeZone", "UTC")]
                + Self.searchSettings(timeLimit: SearchRequest.usualTimeLimit, indexScans: indexScans)
            return searchOptions
        }
        self.configuration = configuration
        self.logger = logger
        let client = PostgresClient(configuration: options, backgroundLogger: logger)
        let searchClient = PostgresClient(configuration: searchOptions(indexScans: false), backgroundLogger: logger)
        let walkClient = PostgresClient(configuration: searchOptions(indexScans: true), backgroundLogger: logger)
        self.client = client
        self.searchClient = searchClient
        self.walkClient = walkClient
        // Detached: a task inherits the graceful-shutdown signal of `serve`, which would
        // close the pool while requests in flight still need it.
        runners = [client, searchClient, walkClient].map { pool in Task.detached { await pool.run() } }
    }

    deinit { runners.forEach { $0.cancel() } }

    /// Closes every connection; calls after this fail.
    public func close() async {
        runners.forEach { $0.cancel() }
        // A pool ends once every connection has closed. A test run was seen waiting on it
        // for good after its server had been frozen and thawed; shutting down must not.
        _ = try? await BylinePostgres.withDeadline(.seconds(5)) { [runners] in
            for runner in runners { await runner.value }
        }
    }

    /// Runs `body` on a pooled connection of `client` (the store's own when nil), outside a
    /// transaction.
    ///
    /// A pooled connection whose server went away (a restart) since its last keep-alive
    /// fails on first use; the read is tried once more on a new one, within the same deadline.
    func read<T: Sendable>(
        on pool: PostgresClient? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withDeadline(configuration.timeout) { [client = pool ?? client] in
            do {
                return try await client.withConnection { connection in try await body(connection) }
            } catch let error as PSQLError where Self.isConnectionLoss(error) {
                return try await client.withConnection { connection in try await body(connection) }
            }
        }
    }

    /// Runs `body` in one transaction: everything or nothing is written. Tried once more
    /// only when the connection was found dead at BEGIN, before anything was sent.
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withDeadline(configuration.timeout) { [client, logger] in
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch let error as PostgresTransactionError
                where (error.beginError as? PSQLError).map(Self.isConnectionLoss) == true && error.closureError == nil {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            }
        }
    }

    /// The connection closed under the query: the server restarted or the network dropped it.
    static func isConnectionLoss(_ error: PSQLError) -> Bool {
        [.serverClosedConnection, .clientClosedConnection, .uncleanShutdown].contains(error.code)
    }

    /// The same for any error: anything but a `PSQLError` is not a lost connection.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        (error as? PSQLError).map { isConnectionLoss($0) } ?? false
    }

    /// Runs `body` and gives up after `timeout`, whether the pool has no connection to give,
    /// the server does not answer, or the network lost the packets; failures become `StorageError`s.
    func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await calls.count { try await BylinePostgres.withDeadline(timeout, body) }
        } catch {
            if error is DeadlineExceeded { calls.timeout() }
            throw translated(error, timeout: timeout)
        }
    }

    public var databaseUsage: DatabaseUsage { calls.usage(capacity: configuration.poolSize) }

    /// What a store call throws: `BylineError`s and refusals as the body threw them, everything else a `StorageError`.
    private func translated(_ error: any Error, timeout: Duration) -> any Error {
        switch error {
        case is BylineError, is StorageRefusal, is StorageError:
            return error
        case let error as PostgresTransactionError:
            // The body's own error comes first; BEGIN, ROLLBACK or COMMIT failing says the connection went.
            guard let cause = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError else {
                return StorageError(isTransient: true, detail: "PostgreSQL: transaction failed")
            }
            return translated(cause, timeout: timeout)
        case is DeadlineExceeded:
            return StorageError(
                isTransient: true,
                detail: "PostgreSQL at \(configuration.place) did not answer within \(timeout)")
        case let error as PSQLError:
            return Self.storageError(error, configuration: configuration)
        default:
            return StorageError(isTransient: true, detail: "PostgreSQL: \(String(reflecting: error))")
        }
    }

    /// The SQLSTATE of a server error, such as `23505` for a unique violation.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func storageError(_ error: PSQLError, configuration: PostgresConfiguration) -> StorageError {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            // Refused, reset or closed connections: the server is down or restarting.
            return StorageError(
                isTransient: true,
                detail: "PostgreSQL at \(configuration.place) is unreachable (\(error.code))")
        }
        // Class 08 connection, 40 serialization and deadlock, 53 out of resources,
        // 57 cancelled or shutting down, 58 system: worth trying again later.
        let transient = ["08", "40", "53", "57", "58"].contains(String(state.prefix(2)))
        let message = error.serverInfo?[.message] ?? ""
        return StorageError(isTransient: transient, detail: "PostgreSQL \(state): \(message) \(String(reflecting: error.query))")
    }
}

/// A store call ran past its deadline.
struct DeadlineExceeded: Error {}

/// Runs `body` and throws `DeadlineExceeded` after `timeout`. A query already sent cannot
/// be taken back, so the work is cancelled (a wait for a pooled connection ends at once)
/// and otherwise left to finish or fail on its own.
func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let race = DeadlineRace<T>()
    return try await withCheckedThrowingContinuation { continuation in
        race.start(continuation)
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .milliseconds(timeout.milliseconds)) {
            race.finish(.failure(DeadlineExceeded()))
        }
        race.attach(Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            timer.cancel()
            race.finish(result)
        })
    }
}

/// Who finishes first, the work or the timer: the first result resumes the caller, once.
private final class DeadlineRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var work: Task<Void, Never>?
        var finished = false
    }
    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func attach(_ work: Task<Void, Never>) {
        let finished = state.withLock { state in
            state.work = work
            return state.finished
        }
        if finished { work.cancel() }
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, work) = state.withLock { state -> (CheckedContinuation<T, any Error>?, Task<Void, Never>?) in
            guard !state.finished else { return (nil, nil) }
            state.finished = true
            defer { state.continuation = nil }
            return (state.continuation, state.work)
        }
        guard let continuation else { return }
        if case .failure = result { work?.cancel() }
        continuation.resume(with: result)
    }
}

extension PostgresConnection {
    /// Every row of a query, read into memory (pages are small).
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    /// Runs a statement whose rows, if any, are not needed.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}

/// Ids seen once, a bounded number of them: emptied when full, which costs a page only a
/// later keep. A heuristic for this node alone; nothing depends on what it holds.
final class ReadOnce: Sendable {
    private let seen = Mutex<Set<Int64>>([])
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Whether `id` was seen before (and forgets it then); otherwise notes it.
    func isSecond(_ id: Int64) -> Bool {
        seen.withLock { seen in
            if seen.remove(id) != nil { return true }
            if seen.count >= capacity { seen.removeAll(keepingCapacity: true) }
            seen.insert(id)
            return false
        }
    }
}
