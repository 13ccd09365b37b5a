import BylineCore
import Foundation
import GRDB
import Testing
@testable import BylineSQLite

@Suite("SQLite migrations")
struct SQLiteMigrationTests {
    static let allMigrations = [
        "createSections", "createReporters", "createArticles", "createPhotos", "createTags", "createArticleViews",
        "allowPhotosOfUnknownSize", "addArticleExternalIDs", "createArticleSearch",
        "coverSearchRanking", "createAccounts", "createNewsroomWorkflow", "addGradesKindsAndPins", "addReturnNotes", "addTrashAndAutosave",
        "linkAccountsToBylines", "addInvalidations", "storeBodyHTML", "indexTagsByArticle",
        "indexPublicTagsByTime", "takeKnownPublicTimes", "createPhotoLibrary", "indexPhotoLibrary", "indexTrash", "allowKills", "createStoryChains", "createLiveCoverage",
        "createDistribution", "createWireSequence", "createDeliveryQueue", "createIngest", "createTraffic",
    ]

    func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("byline.sqlite").path
    }

    /// A database file as an older version of Byline left it: migrated up to `migration`, with `sql` run on it.
    func oldDatabase(migratedUpTo migration: String, _ sql: String) async throws -> String {
        let path = try temporaryPath()
        let old = try DatabaseQueue(path: path)
        try SQLiteNewsStore.migrator.migrate(old, upTo: migration)
        try await old.write { db in try db.execute(sql: sql) }
        try old.close()
        return path
    }

    @Test("an empty database gets every migration")
    func emptyDatabase() async throws {
        let store = try SQLiteNewsStore(path: try temporaryPath())
        #expect(try await store.appliedMigrations() == Self.allMigrations)
    }

    @Test("reopening an existing database keeps its data and runs nothing twice")
    func existingDatabase() async throws {
        let path = try temporaryPath()
        let first = try SQLiteNewsStore(path: path)
        _ = try await first.createSection(NewSection(path: SectionPath("news")!, name: "뉴스"))
        let reopened = try SQLiteNewsStore(path: path)
        #expect(try await reopened.appliedMigrations() == Self.allMigrations)
        #expect(try await reopened.sections().map(\.name) == ["뉴스"])
    }

    @Test("a database from an older version is brought forward")
    func olderDatabase() async throws {
        let path = try await oldDatabase(migratedUpTo: "createArticles", "INSERT INTO section (slug, name, position) VALUES ('news', '뉴스', 0)")

        let store = try SQLiteNewsStore(path: path)
        #expect(try await store.appliedMigrations() == Self.allMigrations)
        #expect(try await store.sections().map(\.slug) == ["news"])
    }

    @Test("an article published before kills existed can be killed; the status CHECK still refuses the unknown")
    func killsOnAnOlderDatabase() async throws {
        let path = try await oldDatabase(migratedUpTo: "indexTrash", """
                INSERT INTO section (id, slug, name, position) VALUES (1, 'news', '뉴스', 0);
                INSERT INTO article (id, headline, body, summary, sectionId, status, publishedAt, createdAt, updatedAt) VALUES
                    (1, '옛 기사', '본문', '요약', 1, 'published', 1000, 1000, 1000);
                """)
        let store = try SQLiteNewsStore(path: path)
        let editor = try await store.addUser(
            NewUser(email: "desk@byline.test", name: "데스크", role: .editor, passwordHash: "$2b$12$fixture"), at: Date(timeIntervalSince1970: 5))
        try await store.kill(ArticleID(rawValue: 1), reason: "오보", by: editor, at: Date(timeIntervalSince1970: 10))
        #expect(try await store.killNotice(ArticleID(rawValue: 1))?.reason == "오보")
        let database = try DatabaseQueue(path: path)
        await #expect(throws: DatabaseError.self) {
            try await database.write { db in try db.execute(sql: "UPDATE article SET status = 'lost' WHERE id = 1") }
        }
        #expect(try await database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    @Test("tags saved before their public time was kept beside them still find related articles")
    func publicTagTimesBackfilled() async throws {
        let path = try await oldDatabase(migratedUpTo: "indexTagsByArticle", """
                INSERT INTO section (id, slug, name, position) VALUES (1, 'news', '뉴스', 0), (2, 'life', '생활', 1);
                INSERT INTO article (id, headline, body, summary, sectionId, status, publishedAt, createdAt, updatedAt) VALUES
                    (1, '옛 기사', '본문', '요약', 1, 'published', 1000, 1000, 1000),
                    (2, '같은 태그 옛 기사', '본문', '요약', 2, 'published', 2000, 2000, 2000),
                    (3, '쓰다 만 기사', '본문', '요약', 1, 'draft', NULL, 3000, 3000);
                INSERT INTO tag (id, name) VALUES (1, '옛태그');
                INSERT INTO articleTag (articleId, tagId) VALUES (1, 1), (2, 1), (3, 1);
                """)

        let store = try SQLiteNewsStore(path: path)
        let now = Date(timeIntervalSince1970: 10)
        let article = try #require(try await store.article(ArticleID(rawValue: 1), asOf: now))
        // Found by the tag alone (another section), and the draft that shares it is left out.
        #expect(try await store.related(to: article, limit: 5, asOf: now).map(\.headline) == ["같은 태그 옛 기사"])
    }

    @Test("library pictures added before the library was searchable are found by their words")
    func libraryPicturesIndexed() async throws {
        let path = try await oldDatabase(migratedUpTo: "createPhotoLibrary", """
                INSERT INTO libraryPhoto (id, original, format, width, height, caption, credit, byline, createdAt, updatedAt)
                VALUES (1, 'a.jpg', 'jpeg', 800, 600, '부두에 들어오는 어선', '바이라인통신', '김사진', 1000, 1000),
                       (2, 'b.gif', 'gif', 80, 60, '깃발', '', '', 2000, 2000);
                """)
        let store = try SQLiteNewsStore(path: path)
        let found = try await store.libraryPhotos(matching: try SearchQuery("부두 김사진"), page: PageRequest(limit: 10))
        #expect(found.items.map(\.id.rawValue) == [1])
        #expect(try await store.libraryPhoto(LibraryPhotoID(rawValue: 2))?.frames == 1, "frames unknown before: one")
    }

    @Test("accounts made before bylines are linked to their reporters by e-mail, or given one")
    func accountsBecomeBylines() async throws {
        let path = try await oldDatabase(migratedUpTo: "addTrashAndAutosave", """
                INSERT INTO reporter (id, name, email) VALUES (7, '윤옛날', 'Yoon@Agency.test');
                INSERT INTO user (email, name, role, passwordHash, createdAt) VALUES
                    ('yoon@agency.test', '윤기자', 'reporter', 'x', 0),
                    ('desk@agency.test', '박데스크', 'editor', 'x', 0),
                    ('chief@agency.test', '정국장', 'admin', 'x', 0);
                """)

        let store = try SQLiteNewsStore(path: path)
        let users = Dictionary(uniqueKeysWithValues: try await store.users().map { ($0.email, $0) })
        #expect(users["yoon@agency.test"]?.reporterID == ReporterID(rawValue: 7), "linked to the archive's reporter")
        let desk = try #require(users["desk@agency.test"]?.reporterID)
        #expect(try await store.reporter(desk)?.name == "박데스크", "an editor without a reporter gets one")
        #expect(users["chief@agency.test"]?.reporterID == nil, "an admin becomes a byline when it writes")
    }

    @Test("the schema enforces its constraints")
    func constraints() async throws {
        let store = try SQLiteNewsStore.inMemory()
        try await store.writer.write { db in
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO article (headline, body, summary, sectionId, status, createdAt, updatedAt)
                    VALUES ('제목', '', '', 999, 'published', 0, 0)
                    """)
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO reporter (name, email) VALUES ('', 'x@y')")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO section (slug, name) VALUES ('a', NULL)")
            }
        }
    }
}
