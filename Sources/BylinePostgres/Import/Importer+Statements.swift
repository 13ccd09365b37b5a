import BylineCore
import BylineMarkup
import Foundation
import Logging
import PostgresNIO

/// The statements that write an imported article and its links, built with every value bound.
extension Importer {
    /// One statement: the article row, its authors, tags, photos and search entry.
    static func insertQuery(_ fields: ArticleFields, links: ArticleLinks, search: SearchIndex.Entry) -> PostgresQuery {
        var query = PostgresQuery.StringInterpolation(literalCapacity: 2048, interpolationCount: 32)
        query.appendLiteral("""
            WITH a AS (
                INSERT INTO article (headline, subheadlines, body, summary, sectionId, dateline, isBreaking, status,
                                     publishedAt, createdAt, updatedAt, externalId, grade, kind, bodyHtml, bodyHtmlVersion)
                VALUES (
            """)
        query.appendInterpolation(fields.headline)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.subheadlines)
        query.appendLiteral("::text[], ")
        query.appendInterpolation(fields.body)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.summary)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.sectionId)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.dateline)
        query.appendLiteral("::text, ")
        query.appendInterpolation(fields.isBreaking)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.status)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.publishedAt)
        query.appendLiteral("::bigint, ")
        query.appendInterpolation(fields.createdAt)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.updatedAt)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.externalId)
        query.appendLiteral("::text, ")
        query.appendInterpolation(fields.grade)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.kind)
        query.appendLiteral(", ")
        query.appendInterpolation(fields.bodyHtml)
        query.appendLiteral(", ")
        query.appendInterpolation(BodyHTML.rendererVersion)
        query.appendLiteral(") RETURNING id, status, publishedAt, sectionId)")
        appendLinks(links, to: &query)
        query.appendLiteral(", search AS (INSERT INTO articleSearch (articleId, document, pairs, isPublished, publishedAt, sectionId) SELECT a.id, ")
        query.appendInterpolation(search.document)
        query.appendLiteral("::tsvector, ")
        query.appendInterpolation(search.pairs)
        query.appendLiteral("::tsvector, a.status = 'published', a.publishedAt, a.sectionId FROM a) SELECT id FROM a")
        return PostgresQuery(stringInterpolation: query)
    }

    /// Common table expressions inserting the links of the article `a` names, one statement
    /// per table whatever the number of rows: arrays unnested side by side.
    static func appendLinks(_ links: ArticleLinks, to query: inout PostgresQuery.StringInterpolation) {
        if !links.authorIDs.isEmpty {
            query.appendLiteral("""
                , authors AS (INSERT INTO articleAuthor (articleId, reporterId, position)
                    SELECT a.id, x.reporterId, x.position FROM a, unnest(
                """)
            query.appendInterpolation(links.authorIDs)
            query.appendLiteral("::bigint[], ")
            query.appendInterpolation(links.authorPositions)
            query.appendLiteral("::bigint[]) AS x(reporterId, position) ON CONFLICT DO NOTHING)")
        }
        if !links.tagIDs.isEmpty {
            // The public time is set here: the trigger that would set it cannot see `a`'s row.
            query.appendLiteral("""
                , tags AS (INSERT INTO articleTag (articleId, tagId, publicAt)
                    SELECT a.id, x.tagId, CASE WHEN a.status = 'published' THEN a.publishedAt END FROM a, unnest(
                """)
            query.appendInterpolation(links.tagIDs)
            query.appendLiteral("::bigint[]) AS x(tagId))")
        }
        guard !links.photos.isEmpty else { return }
        let photos = links.photos
        // Arrays cannot hold a bound NULL here, so optional values travel with a flag.
        query.appendLiteral("""
            , photos AS (INSERT INTO photo (articleId, position, url, caption, alt, photographerId, credit, takenAt, width, height)
                SELECT a.id, x.n - 1, x.url, x.caption, x.alt, CASE WHEN x.hasPhotographer THEN x.photographerId END, x.credit,
            """)
        query.appendInterpolation(links.takenAt)
        query.appendLiteral("::bigint, CASE WHEN x.hasWidth THEN x.width END, CASE WHEN x.hasHeight THEN x.height END FROM a, unnest(")
        query.appendInterpolation(photos.map(\.url))
        query.appendLiteral("::text[], ")
        query.appendInterpolation(photos.map(\.caption))
        query.appendLiteral("::text[], ")
        query.appendInterpolation(photos.map(\.alt))
        query.appendLiteral("::text[], ")
        query.appendInterpolation(photos.map { $0.photographerID ?? 0 })
        query.appendLiteral("::bigint[], ")
        query.appendInterpolation(photos.map { $0.photographerID != nil })
        query.appendLiteral("::boolean[], ")
        query.appendInterpolation(photos.map(\.credit))
        query.appendLiteral("::text[], ")
        query.appendInterpolation(photos.map { Int64($0.width ?? 0) })
        query.appendLiteral("::bigint[], ")
        query.appendInterpolation(photos.map { $0.width != nil })
        query.appendLiteral("::boolean[], ")
        query.appendInterpolation(photos.map { Int64($0.height ?? 0) })
        query.appendLiteral("::bigint[], ")
        query.appendInterpolation(photos.map { $0.height != nil })
        query.appendLiteral("""
            ::boolean[]) WITH ORDINALITY
                AS x(url, caption, alt, photographerId, hasPhotographer, credit, width, hasWidth, height, hasHeight, n))
            """)
    }
}
