import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    /// The columns `libraryPhoto(_:)` reads, in its order, with how many articles show the picture.
    static let libraryPhotoColumns = """
        libraryPhoto.id, libraryPhoto.original, libraryPhoto.format, libraryPhoto.width, libraryPhoto.height, \
        libraryPhoto.caption, libraryPhoto.alt, libraryPhoto.credit, libraryPhoto.byline, libraryPhoto.copyright, \
        libraryPhoto.takenAt, libraryPhoto.focalX, libraryPhoto.focalY, libraryPhoto.stem, libraryPhoto.pending, \
        libraryPhoto.failure, libraryPhoto.uploadedBy, libraryPhoto.createdAt, libraryPhoto.updatedAt, \
        (SELECT count(DISTINCT articleId) FROM photo WHERE photo.libraryPhotoId = libraryPhoto.id), libraryPhoto.frames
        """

    static func libraryPhoto(_ row: PostgresRow) throws -> LibraryPhoto {
        let cells = row.makeRandomAccess()
        return LibraryPhoto(
            id: LibraryPhotoID(rawValue: try cells[0].decode(Int64.self)), original: try cells[1].decode(String.self),
            format: ImageInfo.Format(rawValue: try cells[2].decode(String.self)) ?? .jpeg,
            width: Int(try cells[3].decode(Int32.self)), height: Int(try cells[4].decode(Int32.self)),
            caption: try cells[5].decode(String.self), alt: try cells[6].decode(String.self), credit: try cells[7].decode(String.self),
            byline: try cells[8].decode(String.self), copyright: try cells[9].decode(String.self),
            takenAt: try cells[10].decode(Int64?.self).map(Date.init(milliseconds:)),
            focus: FocalPoint(x: try cells[11].decode(Double.self), y: try cells[12].decode(Double.self)),
            stem: try cells[13].decode(String?.self), isPending: try cells[14].decode(Bool.self),
            failure: try cells[15].decode(String?.self), uploadedBy: try cells[16].decode(Int64?.self).map(UserID.init(rawValue:)),
            createdAt: Date(milliseconds: try cells[17].decode(Int64.self)), updatedAt: Date(milliseconds: try cells[18].decode(Int64.self)),
            usage: Int(try cells[19].decode(Int64.self)), frames: Int(try cells[20].decode(Int32.self)))
    }

    public func addLibraryPhoto(_ photo: NewLibraryPhoto, at now: Date) async throws -> LibraryPhoto {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                INSERT INTO libraryPhoto (original, format, width, height, frames, caption, alt, credit, byline, copyright, takenAt,
                                          uploadedBy, createdAt, updatedAt, search)
                VALUES (\(photo.original), \(photo.format.rawValue), \(Int32(photo.width)), \(Int32(photo.height)),
                        \(Int32(photo.frames)), \(photo.caption),
                        \(photo.alt), \(photo.credit), \(photo.byline), \(photo.copyright), \(photo.takenAt?.milliseconds),
                        \(photo.uploadedBy?.rawValue), \(now.milliseconds), \(now.milliseconds),
                        \(SearchIndex.libraryDocument(caption: photo.caption, credit: photo.credit, byline: photo.byline))::tsvector)
                RETURNING id
                """, logger: logger)
            guard let id = try rows.first?.decode(Int64.self),
                  let added = try await Self.libraryPhoto(LibraryPhotoID(rawValue: id), connection: connection, logger: logger)
            else { throw BylineError.notFound }
            return added
        }
    }

    public func libraryPhoto(_ id: LibraryPhotoID) async throws -> LibraryPhoto? {
        try await read { [logger] connection in try await Self.libraryPhoto(id, connection: connection, logger: logger) }
    }

    public func libraryPhoto(original: String) async throws -> LibraryPhoto? {
        try await read { [logger] connection in
            var query = QueryBuilder("SELECT ")
            query.append(Self.libraryPhotoColumns)
            query.append(" FROM libraryPhoto WHERE original = ? ORDER BY id LIMIT 1", original)
            return try await connection.rows(query.query, logger: logger).first.map(Self.libraryPhoto)
        }
    }

    static func libraryPhoto(_ id: LibraryPhotoID, connection: PostgresConnection, logger: Logger) async throws -> LibraryPhoto? {
        var query = QueryBuilder("SELECT ")
        query.append(libraryPhotoColumns)
        query.append(" FROM libraryPhoto WHERE id = ?", id.rawValue)
        return try await connection.rows(query.query, logger: logger).first.map(libraryPhoto)
    }

    public func libraryPhotos(
        matching search: SearchQuery?, photographer: String?, taken: Range<Date>?, page: PageRequest
    ) async throws -> Page<LibraryPhoto> {
        try await read { [logger] connection in
            var query = QueryBuilder("SELECT ")
            query.append(Self.libraryPhotoColumns)
            query.append(" FROM libraryPhoto WHERE true")
            if let search {
                query.append(" AND search @@ ?::tsquery", SearchIndex.query(search))
            }
            if let photographer {
                query.append(" AND byline = ?", photographer)
            }
            if let taken {
                query.append(
                    " AND coalesce(takenAt, createdAt) >= ? AND coalesce(takenAt, createdAt) < ?",
                    taken.lowerBound.milliseconds, taken.upperBound.milliseconds)
            }
            if let after = page.after {
                query.append(" AND (createdAt, id) < (?, ?)", after.key, after.id)
            }
            query.append(" ORDER BY createdAt DESC, id DESC LIMIT ?", Int64(page.limit + 1))
            let rows = try await connection.rows(query.query, logger: logger).map(Self.libraryPhoto)
            let cut = page.cut(rows) { PageCursor(kind: .time, key: $0.createdAt.milliseconds, id: $0.id.rawValue) }
            return Page(items: cut.shown, next: cut.next)
        }
    }

    public func describeLibraryPhoto(_ id: LibraryPhotoID, _ description: LibraryPhotoDescription, at now: Date) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE libraryPhoto SET caption = \(description.caption), alt = \(description.alt), credit = \(description.credit),
                    byline = \(description.byline),
                    search = \(SearchIndex.libraryDocument(caption: description.caption, credit: description.credit, byline: description.byline))::tsvector,
                    pending = pending OR focalX <> \(description.focus.x) OR focalY <> \(description.focus.y),
                    focalX = \(description.focus.x), focalY = \(description.focus.y), updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue) RETURNING id
                """, logger: logger)
            guard rows.first != nil else { throw BylineError.notFound }
        }
    }

    public func replaceLibraryOriginal(
        _ id: LibraryPhotoID, original: String, format: ImageInfo.Format, width: Int, height: Int, frames: Int, at now: Date
    ) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE libraryPhoto SET original = \(original), format = \(format.rawValue), width = \(Int32(width)),
                    height = \(Int32(height)), frames = \(Int32(frames)), pending = true, failure = NULL, updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue) RETURNING id
                """, logger: logger)
            guard rows.first != nil else { throw BylineError.notFound }
        }
    }

    public func libraryPhotosAwaitingRenditions(limit: Int) async throws -> [LibraryPhoto] {
        try await read { [logger] connection in
            var query = QueryBuilder("SELECT ")
            query.append(Self.libraryPhotoColumns)
            query.append(" FROM libraryPhoto WHERE pending ORDER BY id LIMIT ?", Int64(limit))
            return try await connection.rows(query.query, logger: logger).map(Self.libraryPhoto)
        }
    }

    public func renditionsMade(_ id: LibraryPhotoID, original: String, stem: String, at now: Date) async throws -> [ArticleID] {
        try await write { [logger] connection in
            let updated = try await connection.rows("""
                UPDATE libraryPhoto SET stem = \(stem), pending = false, failure = NULL, updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue) AND original = \(original) RETURNING width, height
                """, logger: logger)
            guard let (width, height) = try updated.first?.decode((Int32, Int32).self) else { return [] }
            let rows = try await connection.rows("""
                UPDATE photo SET renditions = \(stem), width = \(Int64(width)), height = \(Int64(height))
                WHERE libraryPhotoId = \(id.rawValue) RETURNING articleId
                """, logger: logger)
            return Set(try rows.map { try $0.decode(Int64.self) }).sorted().map(ArticleID.init(rawValue:))
        }
    }

    public func renditionsFailed(_ id: LibraryPhotoID, original: String, reason: String, at now: Date) async throws {
        try await write { [logger] connection in
            try await connection.run("""
                UPDATE libraryPhoto SET pending = false, failure = \(reason), updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue) AND original = \(original)
                """, logger: logger)
        }
    }

    public func photoFilesInUse() async throws -> PhotoFilesInUse {
        try await read { [logger] connection in
            let stems = try await connection.rows("""
                SELECT stem FROM libraryPhoto WHERE stem IS NOT NULL UNION SELECT renditions FROM photo WHERE renditions IS NOT NULL
                """, logger: logger).map { try $0.decode(String.self) }
            let originals = try await connection.rows("SELECT original FROM libraryPhoto", logger: logger).map { try $0.decode(String.self) }
            return PhotoFilesInUse(stems: Set(stems), originals: Set(originals))
        }
    }
}
