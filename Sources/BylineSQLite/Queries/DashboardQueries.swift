import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func mostViewed(hours: Range<Int64>, reporter: ReporterID?, limit: Int) async throws -> [ArticleTraffic] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.headline, a.sectionId, sum(v.views) AS views
                FROM articleViewHour v JOIN article a ON a.id = v.articleId
                WHERE v.hour >= ? AND v.hour < ?
                    AND (? IS NULL OR EXISTS (SELECT 1 FROM articleAuthor w WHERE w.articleId = a.id AND w.reporterId = ?))
                GROUP BY a.id ORDER BY views DESC, a.id DESC LIMIT ?
                """, arguments: [hours.lowerBound, hours.upperBound, reporter?.rawValue, reporter?.rawValue, limit]).map { row in
                ArticleTraffic(
                    id: ArticleID(rawValue: row["id"]), headline: row["headline"], sectionID: SectionID(rawValue: row["sectionId"]),
                    views: row["views"])
            }
        }
    }

    public func hourlyViews(_ ids: [ArticleID], hours: Range<Int64>) async throws -> [ArticleID: [Int64: Int]] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            var series: [ArticleID: [Int64: Int]] = [:]
            let list = ids.map { String($0.rawValue) }.joined(separator: ",")
            for row in try Row.fetchAll(db, sql: """
                SELECT articleId, hour, views FROM articleViewHour WHERE articleId IN (\(list)) AND hour >= ? AND hour < ?
                """, arguments: [hours.lowerBound, hours.upperBound]) {
                series[ArticleID(rawValue: row["articleId"]), default: [:]][row["hour"]] = row["views"]
            }
            return series
        }
    }

    public func sectionViews(hours: Range<Int64>, reporter: ReporterID?) async throws -> [SectionID: Int] {
        try await read { db in
            var views: [SectionID: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT a.sectionId, sum(v.views) AS views FROM articleViewHour v JOIN article a ON a.id = v.articleId
                WHERE v.hour >= ? AND v.hour < ?
                    AND (? IS NULL OR EXISTS (SELECT 1 FROM articleAuthor w WHERE w.articleId = a.id AND w.reporterId = ?))
                GROUP BY a.sectionId
                """, arguments: [hours.lowerBound, hours.upperBound, reporter?.rawValue, reporter?.rawValue]) {
                views[SectionID(rawValue: row["sectionId"])] = row["views"]
            }
            return views
        }
    }

    public func produced(from: Date, to: Date, reporter: ReporterID?) async throws -> [ProducedArticle] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.publishedAt, a.sectionId, a.kind,
                    (SELECT group_concat(reporterId) FROM (SELECT reporterId FROM articleAuthor w WHERE w.articleId = a.id ORDER BY position)) AS authors,
                    EXISTS (SELECT 1 FROM ingestItem i WHERE i.articleId = a.id) AS fromWire
                FROM article a
                WHERE a.status = 'published' AND a.publishedAt >= ? AND a.publishedAt < ?
                    AND (? IS NULL OR EXISTS (SELECT 1 FROM articleAuthor w WHERE w.articleId = a.id AND w.reporterId = ?))
                ORDER BY a.publishedAt, a.id
                """, arguments: [from.milliseconds, to.milliseconds, reporter?.rawValue, reporter?.rawValue]).map { row in
                let authors: String? = row["authors"]
                return ProducedArticle(
                    id: ArticleID(rawValue: row["id"]), publishedAt: Date(milliseconds: row["publishedAt"]),
                    sectionID: SectionID(rawValue: row["sectionId"]), kind: ArticleKind(rawValue: row["kind"]) ?? .article,
                    authors: (authors ?? "").split(separator: ",").compactMap { Int64($0) }.map(ReporterID.init(rawValue:)),
                    fromWire: row["fromWire"])
            }
        }
    }
}
