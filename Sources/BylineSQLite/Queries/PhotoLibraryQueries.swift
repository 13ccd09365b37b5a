import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func addLibraryPhoto(_ photo: NewLibraryPhoto, at now: Date) async throws -> LibraryPhoto {
        try await write { db in
            try db.execute(literal: """
                INSERT INTO libraryPhoto (original, format, width, height, caption, alt, credit, byline, copyright, takenAt,
                                          uploadedBy, createdAt, updatedAt)
                VALUES (\(photo.original), \(photo.format.rawValue), \(photo.width), \(photo.height), \(photo.caption), \(photo.alt),
                        \(photo.credit), \(photo.byline), \(photo.copyright), \(photo.takenAt?.milliseconds),
                        \(photo.uploadedBy?.rawValue), \(now.milliseconds), \(now.milliseconds))
                """)
            guard let added = try Self.libraryPhoto(LibraryPhotoID(rawValue: db.lastInsertedRowID), db: db) else {
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
        matching text: String?, photographer: String?, taken: Range<Date>?, page: PageRequest
    ) async throws -> Page<LibraryPhoto> {
        try await read { db in
            var sql: SQL = "SELECT \(sql: LibraryPhotoRecord.columns) FROM libraryPhoto WHERE 1"
            // Every word must appear in the caption, credit or by-line; LIKE's wildcards in
            // the words are taken literally.
            for word in (text ?? "").split(whereSeparator: \.isWhitespace).prefix(8) {
                let pattern = "%" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
                sql += " AND (caption LIKE \(pattern) ESCAPE '\\' OR credit LIKE \(pattern) ESCAPE '\\' OR byline LIKE \(pattern) ESCAPE '\\')"
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
        }
    }

    public func replaceLibraryOriginal(
        _ id: LibraryPhotoID, original: String, format: ImageInfo.Format, width: Int, height: Int, at now: Date
    ) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE libraryPhoto SET original = \(original), format = \(format.rawValue), width = \(width), height = \(height),
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

    public func renditionsFailed(_ id: LibraryPhotoID, original: String, reason: String, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE libraryPhoto SET pending = 0, failure = \(reason), updatedAt = \(now.milliseconds)
                WHERE id = \(id.rawValue) AND original = \(original)
                """)
        }
    }
}
