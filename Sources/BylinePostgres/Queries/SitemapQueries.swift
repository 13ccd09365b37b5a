import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    public func archiveDays(asOf now: Date) async throws -> [ArchiveDay] {
        try await read { [logger] connection in
            // Days are Seoul days: shift UTC milliseconds by nine hours before taking the date.
            try await connection.rows("""
                SELECT to_char(to_timestamp(publishedAt / 1000 + \(Int64(KoreanTime.offsetSeconds))) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
                       count(*)::bigint, max(updatedAt)
                FROM article
                WHERE \(publicAsOf: now)
                GROUP BY day ORDER BY day
                """, logger: logger).compactMap { row in
                let (day, articles, lastModified) = try row.decode((String, Int64, Int64).self)
                guard let day = KoreanDay(day) else { return nil }
                return ArchiveDay(day: day, articleCount: Int(articles), lastModified: Date(milliseconds: lastModified))
            }
        }
    }

    public func articleStamps(since: Date, until: Date, limit: Int, asOf now: Date) async throws -> [ArticleStamp] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT id, updatedAt FROM article
                WHERE \(publicAsOf: now)
                  AND publishedAt >= \(since.milliseconds) AND publishedAt < \(until.milliseconds)
                ORDER BY publishedAt, id LIMIT \(Int64(limit))
                """, logger: logger).map { row in
                let (id, updatedAt) = try row.decode((Int64, Int64).self)
                return ArticleStamp(id: ArticleID(rawValue: id), updatedAt: Date(milliseconds: updatedAt))
            }
        }
    }
}
