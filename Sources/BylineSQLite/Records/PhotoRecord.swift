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
    /// Read column by column: GRDB's Decodable path costs several times more, on every lead photo of every list.
    init(row: Row) throws {
        id = row["id"]
        articleId = row["articleId"]
        position = row["position"]
        url = row["url"]
        caption = row["caption"]
        alt = row["alt"]
        photographerId = row["photographerId"]
        credit = row["credit"]
        takenAt = row["takenAt"]
        width = row["width"]
        height = row["height"]
        libraryPhotoId = row["libraryPhotoId"]
        renditions = row["renditions"]
    }
}
