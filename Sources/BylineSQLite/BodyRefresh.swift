import BylineMarkup
import GRDB

extension SQLiteNewsStore {
    /// Renders again every body stored by an older renderer than this build's (or before
    /// bodies were stored at all), in batches, so that no page renders Markdown per view.
    /// Runs when the store opens; with nothing to do it is one indexed lookup.
    static func refreshBodyHTML(_ writer: any DatabaseWriter) throws {
        let batch = 500
        var rendered = batch
        while rendered == batch {
            rendered = try writer.write { db in
                let rows = try Row.fetchAll(
                    db, sql: "SELECT id, body FROM article WHERE bodyHtmlVersion < ? LIMIT ?",
                    arguments: [BodyHTML.rendererVersion, batch])
                let update = try db.cachedStatement(sql: "UPDATE article SET bodyHtml = ?, bodyHtmlVersion = ? WHERE id = ?")
                for row in rows {
                    let id: Int64 = row["id"]
                    try update.execute(arguments: [BodyHTML.render(markdown: row["body"]), BodyHTML.rendererVersion, id])
                }
                return rows.count
            }
        }
    }
}
