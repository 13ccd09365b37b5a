import BylineCore
import GRDB

/// A row of `reporter`.
struct ReporterRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "reporter"
    var id: Int64?
    var name: String
    var email: String
    var beat: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func domain() -> Reporter {
        Reporter(id: ReporterID(rawValue: id ?? 0), name: name, email: email, beat: beat)
    }
}

extension ReporterRecord {
    /// The columns `init(columnsOf:at:)` reads, in its order.
    static let columns = "reporter.id, reporter.name, reporter.email, reporter.beat"

    /// Read from `columns` by position, starting at column `offset`: by name, GRDB looks each
    /// name up in a lowercased copy of every column name of the row.
    init(columnsOf row: StatementRow, at offset: Int = 0) throws {
        try self.init(id: row.optional(offset), name: row[offset + 1], email: row[offset + 2], beat: row[offset + 3])
    }
}
