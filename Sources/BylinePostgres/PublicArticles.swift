import BylineCore
import Foundation
import PostgresNIO

extension PostgresQuery.StringInterpolation {
    /// The one rule for what readers may see at `now`: a published article whose time has
    /// come (an embargoed or scheduled one is not published yet). `table` qualifies the columns.
    /// The prepared reads (PreparedReads.swift) spell it with `$n` parameters.
    mutating func appendInterpolation(publicAsOf now: Date, in table: String? = nil) {
        let prefix = table.map { "\($0)." } ?? ""
        appendLiteral("\(prefix)status = 'published' AND \(prefix)publishedAt <= ")
        appendInterpolation(now.milliseconds)
    }
}
