import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    /// The schema's history. Migrations are named and only ever appended: a database
    /// that has run some of them is brought forward by running the rest.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("createSections") { db in
            try db.create(table: "section") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("parent", inTable: "section", onDelete: .restrict)
                t.column("slug", .text).notNull().check { length($0) > 0 }
                t.column("name", .text).notNull().check { length($0) > 0 }
                t.column("position", .integer).notNull().defaults(to: 0)
            }
            // NULL parents compare distinct in UNIQUE, so top-level slugs need the coalesce.
            try db.execute(sql: "CREATE UNIQUE INDEX section_on_parent_slug ON section(coalesce(parentId, 0), slug)")
        }

        migrator.registerMigration("createReporters") { db in
            try db.create(table: "reporter") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().check { length($0) > 0 }
                t.column("email", .text).notNull().unique().collate(.nocase)
                t.column("beat", .text).notNull().defaults(to: "")
            }
        }

        migrator.registerMigration("createArticles") { db in
            try db.create(table: "article") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("headline", .text).notNull().check { length($0) > 0 }
                t.column("subheadlines", .jsonText).notNull().defaults(to: "[]")
                t.column("body", .text).notNull()
                t.column("summary", .text).notNull()
                t.belongsTo("section", onDelete: .restrict).notNull()
                t.column("dateline", .text)
                t.column("isBreaking", .boolean).notNull().defaults(to: false)
                t.column("status", .text).notNull()
                    .check { ["draft", "inReview", "scheduled", "published", "unpublished"].contains($0) }
                // Instants are UTC milliseconds: exact keyset comparisons and portable to PostgreSQL.
                t.column("publishedAt", .integer)
                t.column("createdAt", .integer).notNull()
                t.column("updatedAt", .integer).notNull()
                t.check(sql: "status <> 'published' OR publishedAt IS NOT NULL")
            }
            // Partial indexes serve the public lists; queries repeat `status = 'published'` to use them.
            try db.execute(sql: """
                CREATE INDEX article_public ON article(publishedAt, id) WHERE status = 'published';
                CREATE INDEX article_public_by_section ON article(sectionId, publishedAt, id) WHERE status = 'published';
                CREATE INDEX article_public_breaking ON article(publishedAt, id) WHERE status = 'published' AND isBreaking;
                """)

            try db.create(table: "articleAuthor") { t in
                t.belongsTo("article", onDelete: .cascade).notNull()
                t.belongsTo("reporter", onDelete: .restrict).notNull()
                t.column("position", .integer).notNull()
                t.primaryKey(["articleId", "reporterId"])
            }
        }

        migrator.registerMigration("createPhotos") { db in
            try db.create(table: "photo") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("article", onDelete: .cascade).notNull()
                t.column("position", .integer).notNull()
                t.column("url", .text).notNull()
                t.column("caption", .text).notNull()
                t.column("alt", .text).notNull()
                t.belongsTo("photographer", inTable: "reporter", onDelete: .setNull)
                t.column("credit", .text).notNull().defaults(to: "")
                t.column("takenAt", .integer).notNull()
                t.column("width", .integer).notNull().check { $0 > 0 }
                t.column("height", .integer).notNull().check { $0 > 0 }
                t.uniqueKey(["articleId", "position"])
            }
        }

        migrator.registerMigration("createTags") { db in
            try db.create(table: "tag") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
            }
            try db.create(table: "articleTag") { t in
                t.belongsTo("article", onDelete: .cascade).notNull()
                t.belongsTo("tag", onDelete: .cascade).notNull()
                t.primaryKey(["articleId", "tagId"])
            }
        }

        migrator.registerMigration("createArticleViews") { db in
            // Views are counted per article per hour: enough resolution for the 1h / 24h / 7d windows.
            try db.create(table: "articleViewHour") { t in
                t.belongsTo("article", onDelete: .cascade).notNull()
                t.column("hour", .integer).notNull()
                t.column("views", .integer).notNull().check { $0 >= 0 }
                t.primaryKey(["articleId", "hour"])
            }
            try db.create(index: "articleViewHour_on_hour", on: "articleViewHour", columns: ["hour", "articleId"])
        }

        migrator.registerMigration("allowPhotosOfUnknownSize") { db in
            // Archives brought in by import link photos by URL without their size. SQLite cannot
            // relax NOT NULL in place, so the table is rebuilt with the same rows and indexes.
            try db.create(table: "newPhoto") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("article", onDelete: .cascade, indexed: false).notNull()
                t.column("position", .integer).notNull()
                t.column("url", .text).notNull()
                t.column("caption", .text).notNull()
                t.column("alt", .text).notNull()
                t.belongsTo("photographer", inTable: "reporter", onDelete: .setNull, indexed: false)
                t.column("credit", .text).notNull().defaults(to: "")
                t.column("takenAt", .integer).notNull()
                t.column("width", .integer).check { $0 > 0 }
                t.column("height", .integer).check { $0 > 0 }
                t.uniqueKey(["articleId", "position"])
            }
            try db.execute(sql: """
                INSERT INTO newPhoto SELECT id, articleId, position, url, caption, alt, photographerId, credit, takenAt, width, height FROM photo;
                DROP TABLE photo;
                ALTER TABLE newPhoto RENAME TO photo;
                """)
            try db.create(index: "photo_on_photographerId", on: "photo", columns: ["photographerId"])
        }

        migrator.registerMigration("addArticleExternalIDs") { db in
            // The id an article had in the system it was imported from; re-importing it updates it.
            try db.alter(table: "article") { t in t.add(column: "externalId", .text) }
            try db.execute(sql: "CREATE UNIQUE INDEX article_on_externalId ON article(externalId) WHERE externalId IS NOT NULL")
        }

        migrator.registerMigration("createArticleSearch") { db in
            // Pre-tokenized text (see SearchTokenizer); unicode61 only splits it at the spaces.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE articleSearch USING fts5(
                    headline, body, tags, people, tokenize = 'unicode61 remove_diacritics 0')
                """)
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM article") {
                try SearchIndex.reindex(id, db: db)
            }
        }

        migrator.registerMigration("coverSearchRanking") { db in
            // Ranking a common word touches every matching article; a narrow covering index
            // spares reading tens of thousands of wide article rows (measured 31 → 19 ms).
            try db.execute(sql: "CREATE INDEX article_search_cover ON article(id, status, publishedAt, sectionId, isBreaking)")
        }

        migrator.registerMigration("createAccounts") { db in
            try db.execute(sql: """
                CREATE TABLE user (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
                    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                    role TEXT NOT NULL CHECK (role IN ('reporter', 'editor', 'admin')),
                    passwordHash TEXT NOT NULL,
                    createdAt INTEGER NOT NULL
                );
                CREATE TABLE session (
                    tokenHash TEXT PRIMARY KEY,
                    userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    csrfToken TEXT NOT NULL,
                    createdAt INTEGER NOT NULL,
                    expiresAt INTEGER NOT NULL
                );
                CREATE INDEX session_user ON session(userId);
                CREATE TABLE apiToken (
                    hash TEXT PRIMARY KEY,
                    userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    createdAt INTEGER NOT NULL
                );
                CREATE TABLE failedSignIn (
                    key TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX failedSignIn_key ON failedSignIn(key, at);
                """)
        }

        migrator.registerMigration("createNewsroomWorkflow") { db in
            try db.execute(sql: """
                ALTER TABLE article ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE article ADD COLUMN ownerId INTEGER REFERENCES user(id) ON DELETE SET NULL;
                ALTER TABLE article ADD COLUMN embargoUntil INTEGER;
                CREATE INDEX article_newsroom ON article(updatedAt, id);
                CREATE INDEX article_scheduled ON article(publishedAt) WHERE status = 'scheduled';
                CREATE TABLE correction (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    articleId INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                    text TEXT NOT NULL CHECK (length(text) > 0),
                    editorName TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX correction_article ON correction(articleId, id);
                CREATE TABLE revision (
                    articleId INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    document TEXT NOT NULL,
                    userName TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    PRIMARY KEY (articleId, number)
                );
                CREATE TABLE auditLog (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    articleId INTEGER NOT NULL,
                    userName TEXT NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX auditLog_article ON auditLog(articleId, id);
                """)
        }

        migrator.registerMigration("addGradesKindsAndPins") { db in
            try db.execute(sql: """
                ALTER TABLE article ADD COLUMN grade TEXT NOT NULL DEFAULT 'normal'
                    CHECK (grade IN ('normal', 'important', 'headline'));
                ALTER TABLE article ADD COLUMN kind TEXT NOT NULL DEFAULT 'article'
                    CHECK (kind IN ('article', 'press_release', 'column', 'editorial', 'interview', 'photo'));
                CREATE TABLE topStoryPin (
                    articleId INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    until INTEGER NOT NULL
                );
                """)
        }

        migrator.registerMigration("addReturnNotes") { db in
            // Why an editor sent an article back (반려); cleared when it is submitted again.
            try db.execute(sql: "ALTER TABLE article ADD COLUMN returnNote TEXT")
        }

        migrator.registerMigration("addTrashAndAutosave") { db in
            try db.execute(sql: """
                ALTER TABLE article ADD COLUMN trashedAt INTEGER;
                CREATE TABLE autosave (
                    articleId INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                    userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    fields TEXT NOT NULL,
                    savedAt INTEGER NOT NULL,
                    PRIMARY KEY (articleId, userId)
                );
                """)
        }

        // Accounts are bylines: each account that writes is linked to the reporter with its
        // e-mail (an imported archive's), or to a new one. Admins are linked when they first write.
        migrator.registerMigration("linkAccountsToBylines") { db in
            try db.execute(sql: """
                ALTER TABLE user ADD COLUMN reporterId INTEGER REFERENCES reporter(id) ON DELETE SET NULL;
                INSERT INTO reporter (name, email)
                    SELECT name, email FROM user
                    WHERE role IN ('reporter', 'editor')
                      AND NOT EXISTS (SELECT 1 FROM reporter WHERE reporter.email = user.email COLLATE NOCASE);
                UPDATE user SET reporterId = (SELECT id FROM reporter WHERE reporter.email = user.email COLLATE NOCASE);
                CREATE UNIQUE INDEX user_reporter ON user(reporterId);
                """)
        }

        // What one process tells the others on this file (a command's import, the server):
        // the server polls it for rows other processes wrote. Rows are kept for a while only.
        migrator.registerMigration("addInvalidations") { db in
            try db.execute(sql: """
                CREATE TABLE invalidation (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    origin TEXT NOT NULL,
                    keys TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                """)
        }

        // An article body's HTML, rendered and sanitised when it is saved rather than on every
        // view; bodies saved before (version 0) are rendered when the store opens (`BodyRefresh`).
        migrator.registerMigration("storeBodyHTML") { db in
            try db.execute(sql: """
                ALTER TABLE article ADD COLUMN bodyHtml TEXT;
                ALTER TABLE article ADD COLUMN bodyHtmlVersion INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX article_bodyHtmlVersion ON article(bodyHtmlVersion);
                """)
        }

        // Related articles read the newest 100 of each tag: with the index on tagId alone
        // (its rows in rowid order) every article of a common tag was read and sorted.
        migrator.registerMigration("indexTagsByArticle") { db in
            try db.execute(sql: """
                CREATE INDEX articleTag_by_tag ON articleTag(tagId, articleId);
                DROP INDEX articleTag_on_tagId;
                """)
        }

        // Related articles are the newest public articles of each of an article's tags. With
        // the article's public time beside each tag row they are one covered index range per
        // tag; before, the newest 100 tag rows by id were each looked up in `article` to drop
        // what readers may not see: most of the related articles' time, which was then about
        // 60% of an uncached article page's database time.
        // Triggers keep `publicAt` the article's `publishedAt` while it is published, NULL
        // otherwise, whatever writes the article or its tags.
        migrator.registerMigration("indexPublicTagsByTime") { db in
            try db.execute(sql: """
                ALTER TABLE articleTag ADD COLUMN publicAt INTEGER;
                UPDATE articleTag SET publicAt = (
                    SELECT CASE WHEN status = 'published' THEN publishedAt END FROM article WHERE article.id = articleTag.articleId);
                CREATE INDEX articleTag_public ON articleTag(tagId, publicAt, articleId) WHERE publicAt IS NOT NULL;
                CREATE TRIGGER articleTag_publicAt_on_insert AFTER INSERT ON articleTag BEGIN
                    UPDATE articleTag SET publicAt = (
                        SELECT CASE WHEN status = 'published' THEN publishedAt END FROM article WHERE article.id = NEW.articleId)
                    WHERE articleId = NEW.articleId AND tagId = NEW.tagId;
                END;
                CREATE TRIGGER articleTag_publicAt_on_article AFTER UPDATE OF status, publishedAt ON article BEGIN
                    UPDATE articleTag SET publicAt = CASE WHEN NEW.status = 'published' THEN NEW.publishedAt END
                    WHERE articleId = NEW.id;
                END;
                """)
        }

        // An import knows each article's public time as it writes its tags: the trigger then
        // has nothing to look up (it had added an update per tag row to every import).
        migrator.registerMigration("takeKnownPublicTimes") { db in
            try db.execute(sql: """
                DROP TRIGGER articleTag_publicAt_on_insert;
                CREATE TRIGGER articleTag_publicAt_on_insert AFTER INSERT ON articleTag WHEN NEW.publicAt IS NULL BEGIN
                    UPDATE articleTag SET publicAt = (
                        SELECT CASE WHEN status = 'published' THEN publishedAt END FROM article WHERE article.id = NEW.articleId)
                    WHERE articleId = NEW.articleId AND tagId = NEW.tagId;
                END;
                """)
        }

        // The photo library: each uploaded picture once, its private original and the stem of
        // its public renditions; article photos point at it and carry the stem, so that pages
        // write `srcset` without another lookup.
        migrator.registerMigration("createPhotoLibrary") { db in
            try db.execute(sql: """
                CREATE TABLE libraryPhoto (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    original TEXT NOT NULL,
                    format TEXT NOT NULL,
                    width INTEGER NOT NULL CHECK (width > 0),
                    height INTEGER NOT NULL CHECK (height > 0),
                    caption TEXT NOT NULL DEFAULT '',
                    alt TEXT NOT NULL DEFAULT '',
                    credit TEXT NOT NULL DEFAULT '',
                    byline TEXT NOT NULL DEFAULT '',
                    copyright TEXT NOT NULL DEFAULT '',
                    takenAt INTEGER,
                    focalX REAL NOT NULL DEFAULT 0.5,
                    focalY REAL NOT NULL DEFAULT 0.5,
                    stem TEXT,
                    pending BOOLEAN NOT NULL DEFAULT 1,
                    failure TEXT,
                    uploadedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
                    createdAt INTEGER NOT NULL,
                    updatedAt INTEGER NOT NULL
                );
                CREATE INDEX libraryPhoto_pending ON libraryPhoto(id) WHERE pending;
                ALTER TABLE photo ADD COLUMN libraryPhotoId INTEGER REFERENCES libraryPhoto(id) ON DELETE SET NULL;
                ALTER TABLE photo ADD COLUMN renditions TEXT;
                CREATE INDEX photo_on_libraryPhoto ON photo(libraryPhotoId) WHERE libraryPhotoId IS NOT NULL;
                """)
        }

        migrator.registerMigration("indexPhotoLibrary") { db in
            // The library is searched with the site search's terms (see SearchIndex), and
            // knows which pictures are animated.
            try db.execute(sql: """
                ALTER TABLE libraryPhoto ADD COLUMN frames INTEGER NOT NULL DEFAULT 1;
                CREATE VIRTUAL TABLE libraryPhotoSearch USING fts5(
                    caption, credit, byline, tokenize = 'unicode61 remove_diacritics 0');
                """)
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM libraryPhoto") {
                try SearchIndex.reindexLibraryPhoto(id, db: db)
            }
        }

        // The hourly sweep of the trash read every article to find the few trashed ones (a
        // tenth of a second on 100,000 articles, at every start as well).
        migrator.registerMigration("indexTrash") { db in
            try db.execute(sql: "CREATE INDEX article_trashed ON article(trashedAt) WHERE trashedAt IS NOT NULL")
        }

        // Kills (킬): a final state, recorded by the kill's audit entry, which the Content API's
        // list of killed articles reads. SQLite cannot alter a CHECK constraint, and rebuilding
        // the article table would mean rebuilding its indexes, triggers and search too; a
        // looser CHECK changes nothing stored, so the definition is edited in place, the way
        // sqlite.org/lang_altertable.html describes for such changes.
        migrator.registerMigration("allowKills") { db in
            let before = "'published', 'unpublished'))"
            let after = "'published', 'unpublished', 'killed'))"
            guard let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'article'"),
                  definition.contains(before)
            else { throw StorageError(isTransient: false, detail: "allowKills: the article table's status CHECK is not the expected one") }
            let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(
                sql: "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'article'",
                arguments: [definition.replacingOccurrences(of: before, with: after)])
            try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
            try db.execute(sql: "CREATE INDEX auditLog_kills ON auditLog(at, articleId) WHERE action = 'kill'")
        }

        // Story chains (속보 → 2보 → 종합): an article's chain (the id of its first version)
        // and its position there. The order is the positions, so a chain cannot loop.
        migrator.registerMigration("createStoryChains") { db in
            try db.execute(sql: """
                CREATE TABLE articleChain (
                    articleId INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
                    chainId INTEGER NOT NULL,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    isRoundup BOOLEAN NOT NULL DEFAULT 0,
                    UNIQUE (chainId, position));
                """)
        }

        // Live coverage: an article's running account, each change numbered in its sequence.
        migrator.registerMigration("createLiveCoverage") { db in
            try db.execute(sql: """
                CREATE TABLE liveCoverage (
                    articleId INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
                    startedAt INTEGER NOT NULL,
                    endedAt INTEGER,
                    sequence INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE liveEntry (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    articleId INTEGER NOT NULL REFERENCES liveCoverage(articleId) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('text', 'quote', 'photo')),
                    body TEXT NOT NULL,
                    source TEXT,
                    photoUrl TEXT,
                    isPinned BOOLEAN NOT NULL DEFAULT 0,
                    postedAt INTEGER NOT NULL,
                    correctedAt INTEGER,
                    author TEXT NOT NULL,
                    sequence INTEGER NOT NULL);
                CREATE INDEX liveEntry_changes ON liveEntry(articleId, sequence);
                CREATE INDEX liveCoverage_ongoing ON liveCoverage(startedAt) WHERE endedAt IS NULL;
                """)
        }

        registerDistributionMigrations(&migrator)
        return migrator
    }
}
