import BylineCore
import Foundation
import GRDB

/// A row of `photo`, one image in an article body.
struct PhotoRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "photo"
    var id: Int64?
    var articleId: Int64
    var position: Int
    var url: String
    var caption: String
    var alt: String
    var photographerId: Int64?
    var credit: String
    var takenAt: Int64
    var width: Int?
    var height: Int?
    var libraryPhotoId: Int64? = nil
    var renditions: String? = nil

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func domain(photographer: Reporter?) -> Photo {
        Photo(
            url: url, caption: caption, alt: alt, photographer: photographer, credit: credit,
            takenAt: Date(milliseconds: takenAt), width: width, height: height,
            library: libraryPhotoId.map(LibraryPhotoID.init(rawValue:)), renditionStem: renditions)
    }
}

extension PhotoRecord {
    static let columns = """
        photo.id, photo.articleId, photo.position, photo.url, photo.caption, photo.alt, photo.photographerId, \
        photo.credit, photo.takenAt, photo.width, photo.height, photo.libraryPhotoId, photo.renditions
        """

    /// Read from `columns` by position, starting at column `offset`. GRDB's Decodable path
    /// costs several times more, and a lookup by name hashes the name, on every lead photo
    /// of every list.
    init(_ row: StatementRow, at offset: Int = 0) throws {
        try self.init(
            id: row.optional(offset), articleId: row[offset + 1], position: row[offset + 2], url: row[offset + 3],
            caption: row[offset + 4], alt: row[offset + 5], photographerId: row.optional(offset + 6), credit: row[offset + 7],
            takenAt: row[offset + 8], width: row.optional(offset + 9), height: row.optional(offset + 10), libraryPhotoId: row.optional(offset + 11),
            renditions: row.optional(offset + 12))
    }
}
