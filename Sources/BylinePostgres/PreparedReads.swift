import BylineCore
import Logging
import PostgresNIO

/// A read behind every uncached page (an article and its bylines, tags, photos and
/// corrections; list summaries; related articles), prepared by the server once per pooled
/// connection under its type's name, then only bound and run: no parsing or planning per
/// request. Queries whose text depends on the request go through `QueryBuilder` instead.
///
/// Named statements live on a server connection, so a pooler in front of PostgreSQL must
/// keep them (PgBouncer 1.21+ with `max_prepared_statements`, or session pooling).
protocol PreparedRead: PostgresPreparedStatement where Row == PostgresRow {
    /// The values of `$1`, `$2`... in order.
    var values: [any PostgresDynamicTypeEncodable] { get }
}

extension PreparedRead {
    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension PostgresConnection {
    /// Every row of a prepared read, read into memory (pages are small).
    func rows<Statement: PreparedRead>(_ statement: Statement, logger: Logger) async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in try await execute(statement, logger: logger) { rows.append(row) }
        return rows
    }
}

/// The prepared reads, by what they read.
enum Prepared {
    /// Whole articles that readers may see at `now`.
    struct PublicArticles: PreparedRead {
        static let sql = WholeArticleRow.select + " WHERE article.id = ANY($1) AND article.status = 'published' AND article.publishedAt <= $2"
        let ids: [Int64]
        let now: Int64
        var values: [any PostgresDynamicTypeEncodable] { [ids, now] }
    }

    /// One whole article that readers may see at `now`, for its page. Apart from the list
    /// form above because PostgreSQL plans a statement anew on every bind while its custom
    /// plans look cheaper than a generic one, and for an array of ids they always did: a
    /// millisecond of planning on every article page. With one id the generic plan wins
    /// after five runs and the statement is only bound and run from then on.
    struct PublicArticle: PreparedRead {
        static let sql = WholeArticleRow.select + " WHERE article.id = $1 AND article.status = 'published' AND article.publishedAt <= $2"
        let id: Int64
        let now: Int64
        var values: [any PostgresDynamicTypeEncodable] { [id, now] }
    }

    /// An article page: one public article with its related articles (`ArticlePageRow`).
    struct ArticlePage: PreparedRead {
        static let sql = ArticlePageRow.select + " WHERE article.id = $1 AND article.status = 'published' AND article.publishedAt <= $2"
        let id: Int64
        let now: Int64
        var values: [any PostgresDynamicTypeEncodable] { [id, now] }
    }

    /// Whole articles in any state, for the newsroom's preview.
    struct Articles: PreparedRead {
        static let sql = WholeArticleRow.select + " WHERE article.id = ANY($1)"
        let ids: [Int64]
        var values: [any PostgresDynamicTypeEncodable] { [ids] }
    }

    /// The lead (first) photo of articles, for lists.
    struct LeadPhotos: PreparedRead {
        static let sql = "SELECT \(PhotoRow.columns) FROM photo WHERE articleId = ANY($1) AND position = 0"
        let articleIDs: [Int64]
        var values: [any PostgresDynamicTypeEncodable] { [articleIDs] }
    }

    /// List summaries of articles that readers may see at `now`.
    struct PublicSummaries: PreparedRead {
        static let sql = """
            SELECT \(SummaryRow.columns) FROM article WHERE id = ANY($1) AND status = 'published' AND publishedAt <= $2
            """
        let ids: [Int64]
        let now: Int64
        var values: [any PostgresDynamicTypeEncodable] { [ids, now] }
    }

    /// List summaries of articles already known to be public (ranked or matched by an earlier query).
    struct Summaries: PreparedRead {
        static let sql = "SELECT \(SummaryRow.columns) FROM article WHERE id = ANY($1)"
        let ids: [Int64]
        var values: [any PostgresDynamicTypeEncodable] { [ids] }
    }

    /// The articles that share most tags with one article, newest first among equals
    /// (`RelatedArticles.ranked`), as summaries. Candidates are the newest public articles of
    /// each of its tags, 100 per tag from one range of `articleTag_public` each; they are
    /// ranked here, so that only the few shown cross the wire.
    struct TagNeighbours: PreparedRead {
        static let sql = """
            SELECT \(SummaryRow.columns) FROM (
                SELECT candidate.articleId, count(*) AS shared, max(candidate.publicAt) AS at FROM articleTag AS own
                CROSS JOIN LATERAL (
                    SELECT articleId, publicAt FROM articleTag
                    WHERE tagId = own.tagId AND publicAt <= $2 AND articleId <> $1
                    ORDER BY publicAt DESC, articleId DESC LIMIT 100) AS candidate
                WHERE own.articleId = $1
                GROUP BY candidate.articleId
                ORDER BY shared DESC, at DESC, candidate.articleId DESC LIMIT $3) AS ranked
            JOIN article ON article.id = ranked.articleId
            ORDER BY ranked.shared DESC, ranked.at DESC, ranked.articleId DESC
            """
        let articleID: Int64
        let now: Int64
        let limit: Int64
        var values: [any PostgresDynamicTypeEncodable] { [articleID, now, limit] }
    }

    /// The newest public summaries of one section.
    struct LatestInSection: PreparedRead {
        static let sql = """
            SELECT \(SummaryRow.columns) FROM article
            WHERE status = 'published' AND publishedAt <= $1 AND sectionId = $2
            ORDER BY publishedAt DESC, id DESC LIMIT $3
            """
        let now: Int64
        let sectionID: Int64
        let limit: Int64
        var values: [any PostgresDynamicTypeEncodable] { [now, sectionID, limit] }
    }
}
