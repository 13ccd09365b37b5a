import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func fanOutCursor() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT seq FROM wireFanOut WHERE id = 1") ?? 0 }
    }

    public func enqueue(_ deliveries: [NewDelivery], fanOutFrom expected: Int64, to seq: Int64, at now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(literal: "UPDATE wireFanOut SET seq = \(seq) WHERE id = 1 AND seq = \(expected)")
            guard db.changesCount > 0 else { return false }
            for delivery in deliveries {
                try db.execute(literal: """
                    INSERT INTO delivery (subscriberId, articleId, version, deliveryKey, contentType, body, createdAt, nextAttemptAt)
                    VALUES (\(delivery.subscriberID.rawValue), \(delivery.articleID.rawValue), \(delivery.version), \(delivery.key),
                        \(delivery.contentType), \(delivery.body), \(now.milliseconds), \(now.milliseconds))
                    """)
            }
            return true
        }
    }

    public func dueDeliveries(asOf now: Date) async throws -> [Delivery] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT delivery.* FROM delivery
                JOIN (SELECT min(id) AS id FROM delivery WHERE deliveredAt IS NULL AND failedAt IS NULL GROUP BY subscriberId) AS oldest
                    ON oldest.id = delivery.id
                WHERE delivery.nextAttemptAt <= ?
                ORDER BY delivery.id
                """, arguments: [now.milliseconds]).map(Self.delivery)
        }
    }

    public func dueDelivery(of subscriber: SubscriberID, asOf now: Date) async throws -> Delivery? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM delivery WHERE subscriberId = ? AND deliveredAt IS NULL AND failedAt IS NULL ORDER BY id LIMIT 1
                """, arguments: [subscriber.rawValue]).map(Self.delivery).flatMap { $0.nextAttemptAt <= now ? $0 : nil }
        }
    }

    public func markDelivered(_ id: Int64, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE delivery SET deliveredAt = \(now.milliseconds), attempts = attempts + 1, lastError = NULL WHERE id = \(id)
                """)
        }
    }

    public func markFailed(_ id: Int64, error: String, retryAt: Date?, at now: Date) async throws {
        try await write { db in
            if let retryAt {
                try db.execute(literal: """
                    UPDATE delivery SET attempts = attempts + 1, lastError = \(error), nextAttemptAt = \(retryAt.milliseconds) WHERE id = \(id)
                    """)
            } else {
                try db.execute(literal: """
                    UPDATE delivery SET attempts = attempts + 1, lastError = \(error), failedAt = \(now.milliseconds) WHERE id = \(id)
                    """)
            }
        }
    }

    public func deliveryCounts() async throws -> [SubscriberID: DeliveryCounts] {
        try await read { db in
            var counts: [SubscriberID: DeliveryCounts] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT subscriberId, count(deliveredAt), count(failedAt), count(*) - count(deliveredAt) - count(failedAt)
                FROM delivery GROUP BY subscriberId
                """) {
                counts[SubscriberID(rawValue: row[0])] = DeliveryCounts(delivered: row[1], pending: row[3], failed: row[2])
            }
            return counts
        }
    }

    public func deliveries(of subscriber: SubscriberID, limit: Int) async throws -> [Delivery] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM delivery WHERE subscriberId = ? ORDER BY id DESC LIMIT ?", arguments: [
                subscriber.rawValue, limit,
            ]).map(Self.delivery)
        }
    }

    public func resend(_ subscriber: SubscriberID, id: Int64?, since: Date?, at now: Date) async throws -> Int {
        try await write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM delivery WHERE subscriberId = ? AND (? IS NULL OR id = ?) AND (? IS NULL OR createdAt >= ?) ORDER BY id
                """, arguments: [subscriber.rawValue, id, id, since?.milliseconds, since?.milliseconds])
            for original in rows.map(Self.delivery) {
                try db.execute(literal: """
                    INSERT INTO delivery (subscriberId, articleId, version, deliveryKey, contentType, body, createdAt, nextAttemptAt)
                    VALUES (\(subscriber.rawValue), \(original.articleID.rawValue), \(original.version), \(UUID().uuidString.lowercased()),
                        \(original.contentType), \(original.body), \(now.milliseconds), \(now.milliseconds))
                    """)
            }
            return rows.count
        }
    }

    static func delivery(_ row: Row) -> Delivery {
        let (delivered, failed): (Int64?, Int64?) = (row["deliveredAt"], row["failedAt"])
        return Delivery(
            id: row["id"], subscriberID: SubscriberID(rawValue: row["subscriberId"]), articleID: ArticleID(rawValue: row["articleId"]),
            version: row["version"], key: row["deliveryKey"], contentType: row["contentType"], body: row["body"],
            createdAt: Date(milliseconds: row["createdAt"]), attempts: row["attempts"],
            nextAttemptAt: Date(milliseconds: row["nextAttemptAt"]), deliveredAt: delivered.map(Date.init(milliseconds:)),
            failedAt: failed.map(Date.init(milliseconds:)), lastError: row["lastError"])
    }
}
