import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Invalidations through PostgreSQL itself (NOTIFY / LISTEN), so that every process on the
/// database hears of a change: the other nodes, with or without Redis, and a running
/// server when a command (`byline import`) changed content.
///
/// A notification is the sender's process id, a newline, and `Invalidation.wireText`; a
/// process ignores its own. PostgreSQL caps a payload at 8000 bytes: a longer list is sent
/// as "everything" (which marks every page stale, and so loses a purge: none is that long). NOTIFY is delivered at commit to every session listening then, so
/// a listener that lost its session marks everything stale when it is back.
public struct PostgresInvalidationChannel: InvalidationChannel {
    static let channel = "byline_invalidate"
    static let payloadLimit = 7_900

    let store: PostgresNewsStore
    let origin: String

    public func announce(_ invalidation: Invalidation) async {
        var payload = origin + "\n" + invalidation.wireText
        if payload.utf8.count > Self.payloadLimit { payload = origin + "\n" + Invalidation.everything.wireText }
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

    /// Another process's notification; `nil` for this process's own and for anything malformed.
    func decode(_ payload: String) -> Invalidation? {
        guard let newline = payload.firstIndex(of: "\n"), payload[..<newline] != origin else { return nil }
        return Invalidation(wireText: payload[payload.index(after: newline)...])
    }

    private func connect() async throws -> PostgresConnection {
        try await store.configuration.connect(as: "byline-invalidations", id: 1, logger: store.logger)
    }
}
