import BylineCore
import Foundation
import GRDB

/// The one rule for what readers may see at a time: a published article whose time has
/// come (an embargoed or scheduled one is not published yet), as text whose `?` is the time
/// in milliseconds, for statements written out whole (`Database.prepared`). `table`
/// qualifies the columns.
func publicAsOfSQL(in table: String? = nil) -> String {
    let prefix = table.map { "\($0)." } ?? ""
    return "\(prefix)status = 'published' AND \(prefix)publishedAt <= ?"
}

extension SQLInterpolation {
    /// The same rule in an SQL literal, at `now`.
    mutating func appendInterpolation(publicAsOf now: Date, in table: String? = nil) {
        appendInterpolation(sql: publicAsOfSQL(in: table), arguments: [now.milliseconds])
    }
}

/// The rule for the site's lists, beside `publicAsOfSQL`: a version of a story that a
/// newer public version follows (`StoryChain`) is left out, as text whose `?` is the time.
/// For an article in no chain it is one look-up in `articleChain`'s primary key.
func newestVersionSQL(of column: String = "article.id") -> String {
    """
    NOT EXISTS (SELECT 1 FROM articleChain AS mine
                JOIN articleChain AS later ON later.chainId = mine.chainId AND later.position > mine.position
                JOIN article AS newer ON newer.id = later.articleId
                WHERE mine.articleId = \(column) AND newer.status = 'published' AND newer.publishedAt <= ?)
    """
}
