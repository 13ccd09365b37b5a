import BylineCore
import Foundation
import PostgresNIO

extension PostgresNewsStore {
    public func mostViewed(hours: Range<Int64>, reporter: ReporterID?, limit: Int) async throws -> [ArticleTraffic] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT a.id, a.headline, a.sectionId, sum(v.views)::bigint AS views
                FROM articleViewHour v JOIN article a ON a.id = v.articleId
                WHERE v.hour >= \(hours.lowerBound) AND v.hour < \(hours.upperBound)
                    AND (\(reporter?.rawValue)::bigint IS NULL
                         OR EXISTS (SELECT 1 FROM articleAuthor w WHERE w.articleId = a.id AND w.reporterId = \(reporter?.rawValue)))
                GROUP BY a.id ORDER BY views DESC, a.id DESC LIMIT \(Int64(limit))
                """, logger: logger).map { row in
                let (id, headline, section, views) = try row.decode((Int64, String, Int64, Int64).self)
                return ArticleTraffic(id: ArticleID(rawValue: id), headline: headline, sectionID: SectionID(rawValue: section), views: Int(views))
            }
        }
    }

    public func hourlyViews(_ ids: [ArticleID], hours: Range<Int64>) async throws -> [ArticleID: [Int64: Int]] {
        guard !ids.isEmpty else { return [:] }
        return try await read { [logger] connection in
            var series: [ArticleID: [Int64: Int]] = [:]
            for row in try await connection.rows("""
                SELECT articleId, hour, views::bigint FROM articleViewHour
                WHERE articleId = ANY(\(ids.map(\.rawValue))::bigint[]) AND hour >= \(hours.lowerBound) AND hour < \(hours.upperBound)
                """, logger: logger) {
                let (id, hour, views) = try row.decode((Int64, Int64, Int64).self)
                series[ArticleID(rawValue: id), default: [:]][hour] = Int(views)
            }
            return series
        }
    }

    public func sectionViews(hours: Range<Int64>, reporter: ReporterID?) async throws -> [SectionID: Int] {
        try await read { [logger] connection in
            var views: [SectionID: Int] = [:]
            for row in try await connection.rows("""
                SELECT a.sectionId, sum(v.views)::bigint FROM articleViewHour v JOIN article a ON a.id = v.articleId
                WHERE v.hour >= \(hours.lowerBound) AND v.hour < \(hours.upperBound)
                    AND (\(reporter?.rawValue)::bigint IS NULL
                         OR EXISTS (SELECT 1 FROM articleAuthor w WHERE w.articleId = a.id AND w.reporterId = \(reporter?.rawValue)))
                GROUP BY a.sectionId
                """, logger: logger) {
                let (section, count) = try row.decode((Int64, Int64).self)
                views[SectionID(rawValue: section)] = Int(count)
            }
            return views
        }
    }

    public func produced(from: Date, to: Date, reporter: ReporterID?) async throws -> [ProducedArticle] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT a.id, a.publishedAt, a.sectionId, a.kind,
                    coalesce((SELECT array_agg(w.reporterId ORDER BY w.position) FROM articleAuthor w WHERE w.articleId = a.id), '{}'),
                    EXISTS (SELECT 1 FROM ingestItem i WHERE i.articleId = a.id)
                FROM article a
                WHERE a.status = 'published' AND a.publishedAt >= \(from.milliseconds) AND a.publishedAt < \(to.milliseconds)
                    AND (\(reporter?.rawValue)::bigint IS NULL
                         OR EXISTS (SELECT 1 FROM articleAuthor w WHERE w.articleId = a.id AND w.reporterId = \(reporter?.rawValue)))
                ORDER BY a.publishedAt, a.id
                """, logger: logger).map { row in
                let (id, published, section, kind, authors, fromWire) = try row.decode((Int64, Int64, Int64, String, [Int64], Bool).self)
                return ProducedArticle(
                    id: ArticleID(rawValue: id), publishedAt: Date(milliseconds: published), sectionID: SectionID(rawValue: section),
                    kind: ArticleKind(rawValue: kind) ?? .article, authors: authors.map(ReporterID.init(rawValue:)), fromWire: fromWire)
            }
        }
    }
}
