import BylineCore
import Logging
import NIOPosix
import PostgresNIO
import Synchronization

/// Leads the scheduled jobs while it holds a PostgreSQL advisory lock, on a connection of
/// its own. The lock belongs to that session: when the node dies or is cut off, the server
/// ends the session, the lock is free, and the next node to ask takes it within a second.
public final class PostgresJobLeadership: JobLeadership {
    static let lockKey: Int64 = 0x6279_6C69_6E65_0002  // "byline" 2

    private let configuration: PostgresConfiguration
    private let logger: Logger
    /// The session holding (or trying for) the lock, and whether it holds it.
    private let state = Mutex<(connection: PostgresConnection?, holds: Bool)>((nil, false))
    /// One `lead()` at a time; the scheduler and the wire's deliveries each ask once a second.
    private let busy = Mutex(false)

    public init(_ configuration: PostgresConfiguration, logger: Logger = Logger(label: "byline.postgres")) {
        self.configuration = configuration
        self.logger = logger
    }

    public func lead() async -> Bool {
        // Asked by another job meanwhile: the answer the one asking will confirm.
        guard busy.withLock({ busy in defer { busy = true }; return !busy }) else { return state.withLock { $0.holds } }
        defer { busy.withLock { $0 = false } }
        let (current, holds) = state.withLock { ($0.connection, $0.holds) }
        do {
            let leads = try await withDeadline(configuration.timeout) { [self, configuration, logger] in
                let connection: PostgresConnection
                if let current, !current.isClosed {
                    connection = current
                } else {
                    connection = try await configuration.connect(as: "byline-scheduler", id: 0, logger: logger)
                    // Kept at once, so that whatever fails next (the query, or the deadline while
                    // this goes on) finds it to close or to use again: never dropped open.
                    await adopt(connection, holds: false)
                }
                // Holding: a round trip proves the session, and so the lock, is still alive.
                let leads = holds && connection === current
                    ? try await connection.rows("SELECT true", logger: logger).first?.decode(Bool.self) ?? false
                    : try await connection.rows("SELECT pg_try_advisory_lock(\(Self.lockKey))", logger: logger)
                        .first?.decode(Bool.self) ?? false
                return (connection, leads)
            }
            await adopt(leads.0, holds: leads.1)
            return leads.1
        } catch {
            // A lost session has lost its lock: start over with a new one next time.
            let stale = state.withLock { state in
                defer { state = (nil, false) }
                return state.connection
            }
            if let stale { try? await stale.close().get() }
            return false
        }
    }

    /// Makes `connection` the session; one it replaces (a late connect after a deadline)
    /// is closed, as postgres-nio requires of every connection it opened.
    private func adopt(_ connection: PostgresConnection, holds: Bool) async {
        let replaced = state.withLock { state in
            defer { state = (connection, holds) }
            return state.connection
        }
        if let replaced, replaced !== connection { try? await replaced.close().get() }
    }

    public func resign() async {
        let (connection, holds) = state.withLock { state in
            defer { state = (nil, false) }
            return state
        }
        guard let connection else { return }
        // Unlocked before closing: the server ends a closed session a moment later, and the
        // next node should not have to wait for that.
        if holds {
            _ = try? await withDeadline(configuration.timeout) { [logger] in
                try await connection.run("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            }
        }
        try? await connection.close().get()
    }
}

extension PostgresConfiguration {
    /// A connection of its own, outside the pool, for a session that must last (a lock, a
    /// LISTEN); `name` tells it apart in `pg_stat_activity`.
    func connect(as name: String, id: Int, logger: Logger) async throws -> PostgresConnection {
        var options = if let socketPath {
            PostgresConnection.Configuration(unixSocketPath: socketPath, username: username, password: password, database: database)
        } else {
            PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: .disable)
        }
        options.options.connectTimeout = .init(connectTimeout)
        options.options.additionalStartupParameters = [("application_name", name)]
        return try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: options, id: id, logger: logger)
    }
}
