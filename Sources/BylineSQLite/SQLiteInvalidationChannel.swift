import BylineCore
import Foundation
import GRDB

/// Invalidations between the processes that open one SQLite file: a command that changed
/// content (`byline import`, `byline user add`) writes a row, and the server polls for rows
/// other processes wrote, twice a second, so that its cached pages follow within a second.
///
/// A row's `keys` column holds `Invalidation.wireText`. Rows live ten minutes; a listener
/// that could not read for longer marks everything stale.
public struct SQLiteInvalidationChannel: InvalidationChannel {
    static let pollInterval: Duration = .milliseconds(500)
    static let keptFor: TimeInterval = 600

    let writer: any DatabaseWriter
    let origin: String

    public func announce(_ invalidation: Invalidation) async {
        let now = Date().milliseconds
        _ = try? await writer.write { [origin] db in
            try db.execute(
                sql: "INSERT INTO invalidation (origin, keys, at) VALUES (?, ?, ?)",
                arguments: [origin, invalidation.wireText, now])
            try db.execute(sql: "DELETE FROM invalidation WHERE at < ?", arguments: [now - Int64(Self.keptFor * 1000)])
        }
    }

    public func listen(_ deliver: @escaping @Sendable (Invalidation) -> Void) async {
        var last: Int64?
        var lastRead = Date()
        while !Task.isCancelled {
            do {
                if let seen = last {
                    let (rows, oldest) = try await writer.read { [origin] db in
                        // Prepared once per connection (`prepared`): a poll every half second
                        // compiled both statements anew each time.
                        (try Row.fetchAll(db.prepared(
                            "SELECT id, keys FROM invalidation WHERE id > ? AND origin != ? ORDER BY id", [seen, origin])),
                         try Int64.fetchOne(db.prepared("SELECT min(id) FROM invalidation")))
                    }
                    if Date().timeIntervalSince(lastRead) > Self.keptFor, (oldest ?? 0) > seen + 1 {
                        deliver(.everything)
                    } else {
                        for row in rows {
                            if let invalidation = Invalidation(wireText: (row["keys"] as String)[...]) { deliver(invalidation) }
                        }
                    }
                    last = max(seen, rows.last.map { $0["id"] as Int64 } ?? seen)
                } else {
                    last = try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM invalidation") ?? 0 }
                }
                lastRead = Date()
            } catch {
                // The file is busy or away for a moment; the rows wait for the next poll.
            }
            do { try await Task.sleep(for: Self.pollInterval) } catch { return }
        }
    }
}
