import GRDB

extension SQLInterpolation {
    /// `(SELECT value FROM json_each(?))` with the ids as one JSON argument, for `IN`.
    ///
    /// An `IN (?, ?, ...)` list changes the statement's text with its length, so each call
    /// compiled a new statement; this text is always the same, so the statement is prepared
    /// once per connection and cached (`cached: true`). SQLite still looks each id up by
    /// its index (EXPLAIN QUERY PLAN: SEARCH ... USING INTEGER PRIMARY KEY, LIST SUBQUERY).
    mutating func appendInterpolation(idList ids: [Int64]) {
        appendLiteral("(SELECT value FROM json_each(")
        appendInterpolation("[" + ids.map(String.init).joined(separator: ",") + "]")
        appendLiteral("))")
    }
}
