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

/// The distinct ids as the JSON array `json_each(?) AS wanted` reads, for reading their rows
/// with `CROSS JOIN t ON t.id = wanted.value`. Sorted to find repeats: a `Set` cost more
/// than the statement's search for a list of five.
func idTableArgument(_ ids: [Int64]) -> String {
    let sorted = ids.sorted()
    return jsonIDs(sorted.indices.lazy.filter { $0 == 0 || sorted[$0] != sorted[$0 - 1] }.map { sorted[$0] })
}
