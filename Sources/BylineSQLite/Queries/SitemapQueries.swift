import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func archiveDays(asOf now: Date) async throws -> [ArchiveDay] {
        try await read { db in
            // Days are Seoul days: shift UTC milliseconds by nine hours before taking the date.
            let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT date((publishedAt / 1000) + \(KoreanTime.offsetSeconds), 'unixepoch') AS day,
                       COUNT(*) AS articles, MAX(updatedAt) AS lastModified
                FROM article
                WHERE \(publicAsOf: now)
                GROUP BY day ORDER BY day
                """))
            return rows.compactMap { row in
                guard let day = KoreanDay(row["day"] as String) else { return nil }
                return ArchiveDay(
                    day: day, articleCount: row["articles"], lastModified: Date(milliseconds: row["lastModified"]))
            }
        }
    }

    public func articleStamps(since: Date, until: Date, limit: Int, asOf now: Date) async throws -> [ArticleStamp] {
        try await read { db in
            try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT id, updatedAt FROM article
                WHERE \(publicAsOf: now)
                  AND publishedAt >= \(since.milliseconds) AND publishedAt < \(until.milliseconds)
                ORDER BY publishedAt, id LIMIT \(limit)
                """, cached: true)).map { row in
                ArticleStamp(id: ArticleID(rawValue: row["id"]), updatedAt: Date(milliseconds: row["updatedAt"]))
            }
        }
    }
}
