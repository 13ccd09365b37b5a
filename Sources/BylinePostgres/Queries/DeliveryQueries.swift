import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    static let deliveryColumns = """
        id, subscriberId, articleId, version, deliveryKey, contentType, body, createdAt, attempts, nextAttemptAt, deliveredAt,
        failedAt, lastError
        """

    public func fanOutCursor() async throws -> Int64 {
        try await read { [logger] connection in
            try await connection.rows("SELECT seq FROM wireFanOut WHERE id = 1", logger: logger).first?.decode(Int64.self) ?? 0
        }
    }

    public func enqueue(_ deliveries: [NewDelivery], fanOutFrom expected: Int64, to seq: Int64, at now: Date) async throws -> Bool {
        try await write { [logger] connection in
            let moved = try await connection.rows("""
                UPDATE wireFanOut SET seq = \(seq) WHERE id = 1 AND seq = \(expected) RETURNING seq
                """, logger: logger)
            guard !moved.isEmpty else { return false }
            for delivery in deliveries {
                try await connection.run("""
                    INSERT INTO delivery (subscriberId, articleId, version, deliveryKey, contentType, body, createdAt, nextAttemptAt)
                    VALUES (\(delivery.subscriberID.rawValue), \(delivery.articleID.rawValue), \(Int64(delivery.version)), \(delivery.key),
                        \(delivery.contentType), \(delivery.body), \(now.milliseconds), \(now.milliseconds))
                    """, logger: logger)
            }
            return true
        }
    }

    public func dueDeliveries(asOf now: Date) async throws -> [Delivery] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery
                WHERE id IN (SELECT min(id) FROM delivery WHERE deliveredAt IS NULL AND failedAt IS NULL GROUP BY subscriberId)
                    AND nextAttemptAt <= \(now.milliseconds)
                ORDER BY id
                """, logger: logger).map(Self.delivery)
        }
    }

    public func dueDelivery(of subscriber: SubscriberID, asOf now: Date) async throws -> Delivery? {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery
                WHERE subscriberId = \(subscriber.rawValue) AND deliveredAt IS NULL AND failedAt IS NULL ORDER BY id LIMIT 1
                """, logger: logger).first.map(Self.delivery).flatMap { $0.nextAttemptAt <= now ? $0 : nil }
        }
    }

    public func markDelivered(_ id: Int64, at now: Date) async throws {
        try await write { [logger] connection in
            try await connection.run("""
                UPDATE delivery SET deliveredAt = \(now.milliseconds), attempts = attempts + 1, lastError = NULL WHERE id = \(id)
                """, logger: logger)
        }
    }

    public func markFailed(_ id: Int64, error: String, retryAt: Date?, at now: Date) async throws {
        try await write { [logger] connection in
            if let retryAt {
                try await connection.run("""
                    UPDATE delivery SET attempts = attempts + 1, lastError = \(error), nextAttemptAt = \(retryAt.milliseconds) WHERE id = \(id)
                    """, logger: logger)
            } else {
                try await connection.run("""
                    UPDATE delivery SET attempts = attempts + 1, lastError = \(error), failedAt = \(now.milliseconds) WHERE id = \(id)
                    """, logger: logger)
            }
        }
    }

    public func deliveryCounts() async throws -> [SubscriberID: DeliveryCounts] {
        try await read { [logger] connection in
            var counts: [SubscriberID: DeliveryCounts] = [:]
            for row in try await connection.rows("""
                SELECT subscriberId, count(deliveredAt), count(failedAt), count(*) - count(deliveredAt) - count(failedAt)
                FROM delivery GROUP BY subscriberId
                """, logger: logger) {
                let (id, delivered, failed, pending) = try row.decode((Int64, Int64, Int64, Int64).self)
                counts[SubscriberID(rawValue: id)] = DeliveryCounts(delivered: Int(delivered), pending: Int(pending), failed: Int(failed))
            }
            return counts
        }
    }

    public func deliveries(of subscriber: SubscriberID, limit: Int) async throws -> [Delivery] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery WHERE subscriberId = \(subscriber.rawValue)
                ORDER BY id DESC LIMIT \(Int64(limit))
                """, logger: logger).map(Self.delivery)
        }
    }

    public func resend(_ subscriber: SubscriberID, id: Int64?, since: Date?, at now: Date) async throws -> Int {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                INSERT INTO delivery (subscriberId, articleId, version, deliveryKey, contentType, body, createdAt, nextAttemptAt)
                SELECT subscriberId, articleId, version, gen_random_uuid()::text, contentType, body, \(now.milliseconds), \(now.milliseconds)
                FROM delivery
                WHERE subscriberId = \(subscriber.rawValue) AND (\(id)::bigint IS NULL OR id = \(id))
                    AND (\(since?.milliseconds)::bigint IS NULL OR createdAt >= \(since?.milliseconds))
                ORDER BY id
                RETURNING id
                """, logger: logger)
            return rows.count
        }
    }

    static func delivery(_ row: PostgresRow) throws -> Delivery {
        let cells = row.makeRandomAccess()
        return Delivery(
            id: try cells[0].decode(Int64.self), subscriberID: SubscriberID(rawValue: try cells[1].decode(Int64.self)),
            articleID: ArticleID(rawValue: try cells[2].decode(Int64.self)), version: Int(try cells[3].decode(Int64.self)),
            key: try cells[4].decode(String.self), contentType: try cells[5].decode(String.self), body: try cells[6].decode(String.self),
            createdAt: Date(milliseconds: try cells[7].decode(Int64.self)), attempts: Int(try cells[8].decode(Int64.self)),
            nextAttemptAt: Date(milliseconds: try cells[9].decode(Int64.self)),
            deliveredAt: try cells[10].decode(Int64?.self).map(Date.init(milliseconds:)),
            failedAt: try cells[11].decode(Int64?.self).map(Date.init(milliseconds:)), lastError: try cells[12].decode(String?.self))
    }
}
