import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Invalidations through PostgreSQL itself (NOTIFY / LISTEN), so that every process on the
/// database hears of a change: the other nodes, with or without Redis, and a running
/// server when a command (`byline import`) changed content.
///
/// A notification is the sender's process id, a newline, and the keys separated by spaces;
/// a process ignores its own. PostgreSQL caps a payload at 8000 bytes: a longer list is
/// sent as "everything". NOTIFY is delivered at commit to every session listening then, so
/// a listener that lost its session drops everything when it is back.
public struct PostgresInvalidationChannel: InvalidationChannel {
    static let channel = "byline_invalidate"
    static let payloadLimit = 7_900

    let store: PostgresNewsStore
    let origin: String

    public func announce(_ keys: Set<String>) async {
        guard !keys.isEmpty else { return }
        var payload = origin + "\n" + keys.sorted().joined(separator: " ")
        if payload.utf8.count > Self.payloadLimit { payload = origin + "\n*" }
        _ = try? await store.read { [logger = store.logger, payload] connection in
            try await connection.run("SELECT pg_notify(\(Self.channel), \(payload))", logger: logger)
        }
    }

    public func listen(_ deliver: @escaping @Sendable (Invalidation) -> Void) async {
        var backoff = Duration.milliseconds(100)
        var missedSome = false
        while !Task.isCancelled {
            if let connection = try? await connect() {
                backoff = .milliseconds(100)
                await withTaskCancellationHandler {
                    do {
                        try await connection.listen(on: Self.channel) { notifications in
                            // Listening now: whatever was announced while this process was not is unknown.
                            if missedSome { deliver(.everything) }
                            for try await notification in notifications {
                                if let invalidation = decode(notification.payload) { deliver(invalidation) }
                            }
                        }
                    } catch {
                        // The session ended: listen again on a new one.
                    }
                } onCancel: {
                    connection.close().whenComplete { _ in }
                }
                try? await connection.close().get()
            }
            missedSome = true
            guard !Task.isCancelled else { return }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(2))
        }
    }

    /// The keys of another process's notification; `nil` for this process's own and for anything malformed.
    func decode(_ payload: String) -> Invalidation? {
        guard let newline = payload.firstIndex(of: "\n"), payload[..<newline] != origin else { return nil }
        let keys = Set(payload[payload.index(after: newline)...].split(separator: " ").map(String.init))
        return keys.isEmpty ? nil : .keys(keys)
    }

    private func connect() async throws -> PostgresConnection {
        try await store.configuration.connect(as: "byline-invalidations", id: 1, logger: store.logger)
    }
}
