import PostgresNIO

/// Builds a query whose conditions depend on the request, binding every value.
///
/// Fragments use `?` for values, numbered `$1`, `$2`... in the order they are
/// appended: `query.append(" AND sectionId = ANY(?)", ids)`. Fragments are code,
/// never input; input only ever travels as a bound value.
struct QueryBuilder {
    private var sql: String
    private var binds = PostgresBindings()

    init(_ sql: String, _ values: any PostgresDynamicTypeEncodable...) {
        self.sql = ""
        append(sql, values)
    }

    mutating func append(_ fragment: String, _ values: any PostgresDynamicTypeEncodable...) {
        append(fragment, values)
    }

    private mutating func append(_ fragment: String, _ values: [any PostgresDynamicTypeEncodable]) {
        var remaining = values[...]
        for character in fragment {
            if character == "?", let value = remaining.popFirst() {
                binds.append(value)
                sql += "$\(binds.count)"
            } else {
                sql.append(character)
            }
        }
        precondition(remaining.isEmpty, "more values than placeholders in: \(fragment)")
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
