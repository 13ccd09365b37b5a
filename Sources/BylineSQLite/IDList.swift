import GRDB

extension SQLInterpolation {
    /// `(SELECT value FROM json_each(?))` with the ids as one JSON argument, for `IN`.
    ///
    /// An `IN (?, ?, ...)` list changes the statement's text with its length, so each call
    /// compiled a new statement; this text is always the same, so the statement is prepared
    /// once per connection and cached (`cached: true`). SQLite still looks each id up by
    /// its index (EXPLAIN QUERY PLAN: SEARCH ... USING INTEGER PRIMARY KEY, LIST SUBQUERY).
    ///
    /// One id is written `(?)`, which SQLite reads as `= ?`: the subquery's list is a
    /// temporary b-tree built on every run, and the article page's statements each name one
    /// article (a tenth of its instructions were spent making and dropping those b-trees).
    mutating func appendInterpolation(idList ids: [Int64]) {
        if ids.count == 1 {
            appendLiteral("(")
            appendInterpolation(ids[0])
            appendLiteral(")")
            return
        }
        appendLiteral("(SELECT value FROM json_each(")
        appendInterpolation(jsonIDs(ids))
        appendLiteral("))")
    }
}

extension SQLInterpolation {
    /// `json_each(?) AS wanted`: the distinct ids as a table, for reading their rows with
    /// `CROSS JOIN t ON t.id = wanted.value` (the ids as the outer loop, one index search
    /// each). Unlike `IN (SELECT ...)`, which builds and drops a temporary b-tree on every
    /// run, this reads the list as it stands: the front page's summaries and lead photos
    /// take about 30,000 instructions less each.
    mutating func appendInterpolation(idTable ids: [Int64]) {
        appendLiteral("json_each(")
        appendInterpolation(idTableArgument(ids))
        appendLiteral(") AS wanted")
    }
}

/// Ids as the JSON array `json_each` reads.
func jsonIDs(_ ids: some Collection<Int64>) -> String {
    var text = "["
    text.reserveCapacity(ids.count * 8 + 2)
    for (index, id) in ids.enumerated() {
        if index > 0 { text.append(",") }
        text.append(String(id))
    }
    text.append("]")
    return text
}

/// `idTable`'s argument: the distinct ids, for statements written as fixed text. Sorted to
/// find repeats: a `Set` cost more than the statement's search for a list of five.
func idTableArgument(_ ids: [Int64]) -> String {
    let sorted = ids.sorted()
    return jsonIDs(sorted.indices.lazy.filter { $0 == 0 || sorted[$0] != sorted[$0 - 1] }.map { sorted[$0] })
}
