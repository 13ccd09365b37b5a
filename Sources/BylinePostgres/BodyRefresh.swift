import BylineMarkup
import Logging
import PostgresNIO

extension PostgresNewsStore {
    /// Renders again every body stored by an older renderer than this build's (or before
    /// bodies were stored at all), in batches, so that no page renders Markdown per view.
    /// Runs after migrating, under the migration lock, so that nodes starting together
    /// render each body once; with nothing to do it is one indexed lookup.
    static func refreshBodyHTML(_ connection: PostgresConnection, logger: Logger) async throws {
        let batch = 500
        var rendered = batch
        while rendered == batch {
            let rows = try await connection.rows("""
                SELECT id, body FROM article WHERE bodyHtmlVersion < \(BodyHTML.rendererVersion) ORDER BY id LIMIT \(batch)
                """, logger: logger)
            var ids: [Int64] = [], html: [String] = []
            for row in rows {
                let (id, body) = try row.decode((Int64, String).self)
                ids.append(id)
                html.append(BodyHTML.render(markdown: body))
            }
            try await connection.run("""
                UPDATE article SET bodyHtml = x.html, bodyHtmlVersion = \(BodyHTML.rendererVersion)
                FROM unnest(\(ids)::bigint[], \(html)::text[]) AS x(id, html) WHERE article.id = x.id
                """, logger: logger)
            rendered = rows.count
        }
    }
}
