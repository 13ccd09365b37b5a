import BylineCore
import GRDB

/// A row of `section`.
struct SectionRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "section"
    var id: Int64?
    var parentId: Int64?
    var slug: String
    var name: String
    var position: Int

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func domain() -> Section {
        Section(
            id: SectionID(rawValue: id ?? 0), slug: slug, name: name,
            parentID: parentId.map(SectionID.init(rawValue:)), position: position)
    }
}
