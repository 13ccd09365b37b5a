import BylineCore
import Foundation
import GRDB

/// A row of `libraryPhoto`, with how many articles show it.
struct LibraryPhotoRecord: FetchableRecord, Sendable {
    static let columns = """
        libraryPhoto.*, (SELECT COUNT(DISTINCT articleId) FROM photo WHERE photo.libraryPhotoId = libraryPhoto.id) AS usage
        """

    let photo: LibraryPhoto

    init(row: Row) throws {
        let focus = FocalPoint(x: row["focalX"], y: row["focalY"])
        photo = LibraryPhoto(
            id: LibraryPhotoID(rawValue: row["id"]), original: row["original"],
            format: ImageInfo.Format(rawValue: row["format"]) ?? .jpeg, width: row["width"], height: row["height"],
            caption: row["caption"], alt: row["alt"], credit: row["credit"], byline: row["byline"], copyright: row["copyright"],
            takenAt: (row["takenAt"] as Int64?).map(Date.init(milliseconds:)), focus: focus, stem: row["stem"],
            isPending: row["pending"], failure: row["failure"], uploadedBy: (row["uploadedBy"] as Int64?).map(UserID.init(rawValue:)),
            createdAt: Date(milliseconds: row["createdAt"]), updatedAt: Date(milliseconds: row["updatedAt"]), usage: row["usage"], frames: row["frames"])
    }
}
