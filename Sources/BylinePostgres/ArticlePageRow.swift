import BylineCore
import Foundation
import PostgresNIO

/// An article page's data in one statement and one round trip: the whole article
/// (`WholeArticleRow`) and, in arrays beside it, the summaries of its related articles with
/// their lead photos, ranked as `RelatedArticles` ranks them. On a loaded two-core machine
/// each round trip costs the server and the client a wake-up and a context switch, and the
/// three this took before (article, tag neighbours, lead photos) were most of the page.
///
/// The limits are written into the text (`ArticleWithRelated.relatedCount`): with `LIMIT $n`
/// PostgreSQL kept planning the statement anew on every run.
struct ArticlePageRow: Sendable {
    let whole: WholeArticleRow
    let related: [ArticleSummary]
    /// Whether the page has a story chain or live coverage to read (`ArticleWithRelated`).
    let isChained: Bool
    let hasLiveCoverage: Bool

    /// `select`'s columns: the whole article's, 18 arrays of related articles, two flags.
    static let columnCount = WholeArticleRow.columnCount + 18 + 2

    static let select = """
        SELECT \(WholeArticleRow.columns),
            related.ids, related.headlines, related.summaries, related.sectionIds, related.isBreakings,
            related.publishedAts, related.grades, related.kinds,
            related.hasLeads, related.leadUrls, related.leadCaptions, related.leadAlts, related.leadCredits,
            related.leadTakenAts, related.leadWidths, related.leadHeights, related.leadLibraryIds, related.leadRenditions,
            EXISTS (SELECT 1 FROM articleChain WHERE articleChain.articleId = article.id),
            EXISTS (SELECT 1 FROM liveCoverage WHERE liveCoverage.articleId = article.id)
        \(WholeArticleRow.joins)
        LEFT JOIN LATERAL (\(relatedArrays)) related ON true
        """

    /// Candidates: the articles sharing most tags (the newest 100 of each of the article's
    /// tags, counted), then the newest of its section, each numbered by `place`; an article in
    /// both keeps its better place, and the first `relatedCount` are gathered in order, from
    /// a subquery in that order (as `WholeArticleRow.joins` gathers its parts).
    private static let relatedArrays = """
        SELECT array_agg(shown.id) AS ids, array_agg(shown.headline) AS headlines, array_agg(shown.summary) AS summaries,
            array_agg(shown.sectionId) AS sectionIds, array_agg(shown.isBreaking) AS isBreakings,
            array_agg(shown.publishedAt) AS publishedAts, array_agg(shown.grade) AS grades, array_agg(shown.kind) AS kinds,
            array_agg(shown.hasLead) AS hasLeads, array_agg(shown.leadUrl) AS leadUrls,
            array_agg(shown.leadCaption) AS leadCaptions, array_agg(shown.leadAlt) AS leadAlts,
            array_agg(shown.leadCredit) AS leadCredits, array_agg(shown.leadTakenAt) AS leadTakenAts,
            array_agg(shown.leadWidth) AS leadWidths, array_agg(shown.leadHeight) AS leadHeights,
            array_agg(shown.leadLibraryId) AS leadLibraryIds, array_agg(shown.leadRenditions) AS leadRenditions
        FROM (
            SELECT neighbour.id, neighbour.headline, neighbour.summary, neighbour.sectionId, neighbour.isBreaking,
                neighbour.publishedAt, neighbour.grade, neighbour.kind, lead.articleId IS NOT NULL AS hasLead,
                COALESCE(lead.url, '') AS leadUrl, COALESCE(lead.caption, '') AS leadCaption,
                COALESCE(lead.alt, '') AS leadAlt, COALESCE(lead.credit, '') AS leadCredit,
                COALESCE(lead.takenAt, 0) AS leadTakenAt, COALESCE(lead.width, -1) AS leadWidth,
                COALESCE(lead.height, -1) AS leadHeight, COALESCE(lead.libraryPhotoId, 0) AS leadLibraryId,
                COALESCE(lead.renditions, '') AS leadRenditions
            FROM (
                SELECT candidate.articleId, min(candidate.place) AS place FROM (
                    (SELECT ranked.articleId,
                        row_number() OVER (ORDER BY ranked.shared DESC, ranked.at DESC, ranked.articleId DESC) AS place
                    FROM (
                        SELECT byTag.articleId, count(*) AS shared, max(byTag.publicAt) AS at FROM articleTag AS own
                        CROSS JOIN LATERAL (
                            SELECT articleId, publicAt FROM articleTag
                            WHERE tagId = own.tagId AND publicAt <= $2 AND articleId <> article.id
                            ORDER BY publicAt DESC, articleId DESC LIMIT 100) AS byTag
                        WHERE own.articleId = article.id
                        GROUP BY byTag.articleId
                        ORDER BY shared DESC, at DESC, byTag.articleId DESC LIMIT \(ArticleWithRelated.relatedCount)) AS ranked)
                    UNION ALL
                    (SELECT sibling.id,
                        \(ArticleWithRelated.relatedCount) + row_number() OVER (ORDER BY sibling.publishedAt DESC, sibling.id DESC)
                    FROM article AS sibling
                    WHERE sibling.status = 'published' AND sibling.publishedAt <= $2 AND sibling.sectionId = article.sectionId
                        AND sibling.id <> article.id
                    ORDER BY sibling.publishedAt DESC, sibling.id DESC LIMIT \(2 * ArticleWithRelated.relatedCount))
                ) AS candidate
                GROUP BY candidate.articleId ORDER BY place LIMIT \(ArticleWithRelated.relatedCount)
            ) AS choice
            JOIN article AS neighbour ON neighbour.id = choice.articleId
            LEFT JOIN photo AS lead ON lead.articleId = neighbour.id AND lead.position = 0
            ORDER BY choice.place
        ) AS shown
        """

    /// The page readers may see; `nil` when the article is not public.
    var page: ArticleWithRelated? {
        whole.article(publicOnly: true).map {
            ArticleWithRelated(article: $0, related: related, isChained: isChained, hasLiveCoverage: hasLiveCoverage)
        }
    }

    init(_ row: PostgresRow) throws {
        whole = try WholeArticleRow(row)
        var columns = ArrayColumns(row, from: WholeArticleRow.columnCount)
        func next<Value: ArrayElement>(_ type: Value.Type) throws -> [Value] {
            try columns.next(type)
        }

        let (ids, headlines, summaries, sectionIDs) = (try next(Int64.self), try next(String.self), try next(String.self), try next(Int64.self))
        let (isBreakings, publishedAts, grades, kinds) = (try next(Bool.self), try next(Int64.self), try next(String.self), try next(String.self))
        let (hasLeads, urls, captions, alts, credits) = (
            try next(Bool.self), try next(String.self), try next(String.self), try next(String.self), try next(String.self)
        )
        let (takenAts, widths, heights) = (try next(Int64.self), try next(Int64.self), try next(Int64.self))
        let (libraryIDs, renditions) = (try next(Int64.self), try next(String.self))
        isChained = try columns.nextValue(Bool.self)
        hasLiveCoverage = try columns.nextValue(Bool.self)
        related = ids.indices.map { index in
            let lead = !hasLeads[index] ? nil : ArrayColumns.photo(
                url: urls[index], caption: captions[index], alt: alts[index], photographer: nil, credit: credits[index],
                takenAt: takenAts[index], width: widths[index], height: heights[index], libraryID: libraryIDs[index],
                renditions: renditions[index])
            return ArticleSummary(
                id: ArticleID(rawValue: ids[index]), headline: headlines[index], summary: summaries[index],
                sectionID: SectionID(rawValue: sectionIDs[index]), isBreaking: isBreakings[index],
                publishedAt: Date(milliseconds: publishedAts[index]), leadPhoto: lead,
                grade: ArticleGrade(rawValue: grades[index]) ?? .normal, kind: ArticleKind(rawValue: kinds[index]) ?? .article)
        }
    }
}
