import Foundation
import GRDB
import GRDBSQLite

extension Database {
    /// The statement for `sql`, prepared once per connection, with `arguments` bound.
    ///
    /// For the reader's hottest reads. GRDB's SQL literals (`SQLRequest(literal:)`) build a
    /// statement's text and arguments anew on every call, about 18,000 instructions a
    /// statement and a tenth of an uncached article page; text written out whole goes to
    /// the connection's statement cache directly.
    func prepared(_ sql: String, _ arguments: StatementArguments = []) throws -> Statement {
        let statement = try cachedStatement(sql: sql)
        statement.setUncheckedArguments(arguments)
        return statement
    }

    func prepared(_ text: StatementText) throws -> Statement {
        try prepared(text.sql, text.arguments)
    }
}

/// A statement's text and arguments built by plain appending, for the reader's reads whose
/// conditions vary (a list's filters, a page's cursor). Each shape of text is prepared once
/// per connection (`Database.prepared`); building it costs a few string appends where an
/// SQL literal cost about 18,000 instructions.
struct StatementText {
    private(set) var sql: String
    private(set) var arguments: StatementArguments

    init(_ sql: String = "", _ arguments: StatementArguments = []) {
        self.sql = sql
        self.arguments = arguments
    }

    mutating func append(_ sql: String, _ arguments: StatementArguments = []) {
        self.sql += sql
        self.arguments += arguments
    }

    mutating func append(_ other: StatementText) {
        append(other.sql, other.arguments)
    }

    /// `(?, ?, ...)`, one placeholder per value, for `IN`.
    mutating func appendList(_ values: [Int64]) {
        sql += "("
        for index in values.indices { sql += index == 0 ? "?" : ", ?" }
        sql += ")"
        arguments += StatementArguments(values)
    }

    /// The same text and arguments as an SQL literal, for statements still written as literals.
    var literal: SQL { SQL(sql: sql, arguments: arguments) }
}

extension Statement {
    /// Steps through the rows by hand, handing each to `row` to read its columns by
    /// position. GRDB's cursors cost about a thousand instructions a row, more than SQLite's
    /// own step, over the hundreds of index entries the 관련 기사 box reads; and each GRDB
    /// cursor lowercases and hashes every column name before its first row, about 10,000
    /// instructions a statement, eight statements an article page.
    /// The statement is reset after, as GRDB expects to find it when it binds again.
    func forEachRow(_ row: (StatementRow) throws -> Void) throws {
        let handle = sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: sql)
            }
            try row(StatementRow(handle: handle, statement: self))
        }
    }
}

/// The row a statement stands on (`Statement.forEachRow`), read by position with GRDB's
/// conversions: `let id: Int64 = try row[0]`, `let dateline: String? = row.optional(6)`.
struct StatementRow {
    let handle: SQLiteStatement
    /// For its text in an error only: GRDB makes the text anew, trimmed, at each call.
    let statement: Statement

    func isNull(_ index: Int) -> Bool { sqlite3_column_type(handle, CInt(index)) == SQLITE_NULL }

    subscript<Value: StatementColumnConvertible>(_ index: Int) -> Value {
        get throws {
            // GRDB's conversions expect a value (text's unwraps SQLite's pointer).
            guard !isNull(index), let value = Value(sqliteStatement: handle, index: CInt(index)) else {
                throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "column \(index) is not a \(Value.self)", sql: statement.sql)
            }
            return value
        }
    }

    /// The value of a column that may be NULL.
    func optional<Value: StatementColumnConvertible>(_ index: Int) -> Value? {
        isNull(index) ? nil : Value(sqliteStatement: handle, index: CInt(index))
    }

    /// Text from its length as SQLite knows it: GRDB's `String(cString:)` measured each
    /// headline and body again before decoding it.
    subscript(_ index: Int) -> String {
        get throws {
            guard let text = optional(index) as String? else {
                throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "column \(index) is NULL", sql: statement.sql)
            }
            return text
        }
    }

    func optional(_ index: Int) -> String? {
        // `sqlite3_column_text` before `_bytes`, as SQLite asks: the length is the text's.
        guard let text = sqlite3_column_text(handle, CInt(index)) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, CInt(index)))), as: UTF8.self)
    }
}

/// Ids to match, as text and its argument: `= ?` for one id (a `json_each` subquery builds
/// and drops a temporary b-tree on every run), else `IN (SELECT value FROM json_each(?))`,
/// whose text stays the same whatever the number of ids, so it is prepared once.
struct IDMatch {
    let sql: String
    let argument: any DatabaseValueConvertible

    init(_ ids: [Int64]) {
        if ids.count == 1 {
            sql = "= ?"
            argument = ids[0]
        } else {
            sql = "IN (SELECT value FROM json_each(?))"
            argument = jsonIDs(ids)
        }
    }
}
