import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func addLibraryPhoto(_ photo: NewLibraryPhoto, at now: Date) async throws -> LibraryPhoto {
        try await write { db in
            try db.execute(literal: """
                INSERT INTO libraryPhoto (original, format, width, height, frames, caption, alt, credit, byline, copyright, takenAt,
                                          uploadedBy, createdAt, updatedAt)
                VALUES (\(photo.original), \(photo.format.rawValue), \(photo.width), \(photo.height), \(photo.frames), \(photo.caption),
                        \(photo.alt), \(photo.credit), \(photo.byline), \(photo.copyright), \(photo.takenAt?.milliseconds),
                        \(photo.uploadedBy?.rawValue), \(now.milliseconds), \(now.milliseconds))
                """)
            let id = db.lastInsertedRowID
            try SearchIndex.reindexLibraryPhoto(id, db: db)
            guard let added = try Self.libraryPhoto(LibraryPhotoID(rawValue: id), db: db) else {
                throw BylineError.notFound
            }
            return added
        }
    }

    public func libraryPhoto(_ id: LibraryPhotoID) async throws -> LibraryPhoto? {
        try await read { db in try Self.libraryPhoto(id, db: db) }
    }

    public func libraryPhoto(original: String) async throws -> LibraryPhoto? {
        try await read { db in
            try SQLRequest<LibraryPhotoRecord>(literal: """
                SELECT \(sql: LibraryPhotoRecord.columns) FROM libraryPhoto WHERE original = \(original) ORDER BY id LIMIT 1
                """).fetchOne(db)?.photo
        }
    }

    static func libraryPhoto(_ id: LibraryPhotoID, db: Database) throws -> LibraryPhoto? {
        try SQLRequest<LibraryPhotoRecord>(literal: """
            SELECT \(sql: LibraryPhotoRecord.columns) FROM libraryPhoto WHERE id = \(id.rawValue)
            """).fetchOne(db)?.photo
    }

    public func libraryPhotos(
        matching search: SearchQuery?, photographer: String?, taken: Range<Date>?, page: PageRequest
    ) async throws -> Page<LibraryPhoto> {
        try await read { db in
            var sql: SQL = "SELECT \(sql: LibraryPhotoRecord.columns) FROM libraryPhoto WHERE 1"
            if let search {
                sql += " AND id IN (SELECT rowid FROM libraryPhotoSearch WHERE libraryPhotoSearch MATCH \(SearchIndex.matchExpression(search)))"
            }
            if let photographer {
                sql += " AND byline = \(photographer)"
            }
            if let taken {
                sql += " AND coalesce(takenAt, createdAt) >= \(taken.lowerBound.milliseconds)"
                sql += " AND coalesce(takenAt, createdAt) < \(taken.upperBound.milliseconds)"
            }
            if let after = page.after {
                sql += " AND (createdAt, id) < (\(after.key), \(after.id))"
            }
            sql += " ORDER BY createdAt DESC, id DESC LIMIT \(page.limit + 1)"
            let rows = try SQLRequest<LibraryPhotoRecord>(literal: sql).fetchAll(db).map(\.photo)
            let cut = page.cut(rows) { PageCursor(kind: .time, key: $0.createdAt.milliseconds, id: $0.id.rawValue) }
            return Page(items: cut.shown, next: cut.next)
        }
    }

    public func describeLibraryPhoto(_ id: LibraryPhotoID, _ description: LibraryPhotoDescription, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE libraryPhoto SET caption = \(description.caption), alt = \(description.alt), credit = \(description.credit),
                    byline = \(description.byline),
                    pending = pending OR focalX <> \(description.focus.x) OR focalY <> \(description.focus.y),
                    focalX = \(description.focus.x), focalY = \(description.focus.y), updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue)
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
            try SearchIndex.reindexLibraryPhoto(id.rawValue, db: db)
        }
    }

    public func replaceLibraryOriginal(
        _ id: LibraryPhotoID, original: String, format: ImageInfo.Format, width: Int, height: Int, frames: Int, at now: Date
    ) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE libraryPhoto SET original = \(original), format = \(format.rawValue), width = \(width), height = \(height),
                    frames = \(frames),
                    pending = 1, failure = NULL, updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue)
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    public func libraryPhotosAwaitingRenditions(limit: Int) async throws -> [LibraryPhoto] {
        try await read { db in
            try SQLRequest<LibraryPhotoRecord>(literal: """
                SELECT \(sql: LibraryPhotoRecord.columns) FROM libraryPhoto WHERE pending ORDER BY id LIMIT \(limit)
                """).fetchAll(db).map(\.photo)
        }
    }

    public func renditionsMade(_ id: LibraryPhotoID, original: String, stem: String, at now: Date) async throws -> [ArticleID] {
        try await write { db in
            try db.execute(literal: """
                UPDATE libraryPhoto SET stem = \(stem), pending = 0, failure = NULL, updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue) AND original = \(original)
                """)
            guard db.changesCount > 0 else { return [] }
            try db.execute(literal: """
                UPDATE photo SET renditions = \(stem),
                    width = (SELECT width FROM libraryPhoto WHERE id = \(id.rawValue)),
                    height = (SELECT height FROM libraryPhoto WHERE id = \(id.rawValue))
                WHERE libraryPhotoId = \(id.rawValue)
                """)
            return try Int64.fetchAll(db, SQLRequest<Int64>(literal: "SELECT DISTINCT articleId FROM photo WHERE libraryPhotoId = \(id.rawValue)"))
                .map(ArticleID.init(rawValue:))
        }
    }

    public func photoFilesInUse() async throws -> PhotoFilesInUse {
        try await read { db in
            PhotoFilesInUse(
                stems: Set(try String.fetchAll(db, sql: """
                    SELECT stem FROM libraryPhoto WHERE stem IS NOT NULL UNION SELECT renditions FROM photo WHERE renditions IS NOT NULL
                    """)),
                originals: Set(try String.fetchAll(db, sql: "SELECT original FROM libraryPhoto")))
        }
    }

    public func renditionsFailed(_ id: LibraryPhotoID, original: String, reason: String, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE libraryPhoto SET pending = 0, failure = \(reason), updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue) AND original = \(original)
                """)
        }
    }
}
