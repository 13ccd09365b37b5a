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
