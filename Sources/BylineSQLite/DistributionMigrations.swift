import GRDB

/// The states an outlet hears of: public, scheduled (an embargo), killed and withdrawn.
let wireStatuses = "('published', 'scheduled', 'killed', 'unpublished')"

extension SQLiteNewsStore {
    /// Distribution to client outlets: products (filters, their lists as JSON arrays, read
    /// whole by `ProductFilter`), subscribers and which products each takes.
    static func registerDistributionMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("createDistribution") { db in
            try db.execute(sql: """
                CREATE TABLE product (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    sections TEXT NOT NULL DEFAULT '[]',
                    grades TEXT NOT NULL DEFAULT '[]',
                    kinds TEXT NOT NULL DEFAULT '[]',
                    tags TEXT NOT NULL DEFAULT '[]',
                    breakingOnly BOOLEAN NOT NULL DEFAULT 0,
                    photosOnly BOOLEAN NOT NULL DEFAULT 0);
                CREATE TABLE subscriber (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    contact TEXT NOT NULL DEFAULT '',
                    format TEXT NOT NULL CHECK (format IN ('ninjs', 'newsml', 'both')),
                    webhookUrl TEXT,
                    seesEmbargoed BOOLEAN NOT NULL DEFAULT 0,
                    keyHash TEXT NOT NULL UNIQUE,
                    secret TEXT NOT NULL,
                    createdAt INTEGER NOT NULL,
                    revokedAt INTEGER);
                CREATE TABLE subscriberProduct (
                    subscriberId INTEGER NOT NULL REFERENCES subscriber(id) ON DELETE CASCADE,
                    productId INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
                    PRIMARY KEY (subscriberId, productId));
                CREATE INDEX subscriberProduct_product ON subscriberProduct(productId);
                """)
        }

        // The wire's order of changes: every change an outlet must hear of (published, updated,
        // corrected, scheduled, killed, withdrawn) takes the next number, by trigger, so that
        // no write path can forget it. `wireVersion` counts an article's changes on the wire.
        // SQLite writes one transaction at a time, so numbers are taken in commit order.
        migrator.registerMigration("createWireSequence") { db in
            try db.execute(sql: """
                ALTER TABLE article ADD COLUMN wireSeq INTEGER;
                ALTER TABLE article ADD COLUMN wireVersion INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE wireCounter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
                UPDATE article SET wireSeq = ranked.n, wireVersion = 1
                FROM (SELECT id, row_number() OVER (ORDER BY updatedAt, id) AS n FROM article
                      WHERE status IN \(wireStatuses)) AS ranked
                WHERE article.id = ranked.id;
                INSERT INTO wireCounter (id, value) SELECT 1, coalesce(max(wireSeq), 0) FROM article;
                CREATE INDEX article_wire ON article(wireSeq) WHERE wireSeq IS NOT NULL;
                CREATE TRIGGER article_wire_insert AFTER INSERT ON article WHEN NEW.status IN \(wireStatuses)
                BEGIN
                    UPDATE wireCounter SET value = value + 1;
                    UPDATE article SET wireSeq = (SELECT value FROM wireCounter), wireVersion = wireVersion + 1 WHERE id = NEW.id;
                END;
                CREATE TRIGGER article_wire_update AFTER UPDATE OF status, updatedAt, publishedAt, version ON article
                WHEN (NEW.status IN \(wireStatuses) OR OLD.status IN \(wireStatuses))
                    AND (NEW.status IS NOT OLD.status OR NEW.updatedAt IS NOT OLD.updatedAt
                         OR NEW.publishedAt IS NOT OLD.publishedAt OR NEW.version IS NOT OLD.version)
                BEGIN
                    UPDATE wireCounter SET value = value + 1;
                    UPDATE article SET wireSeq = (SELECT value FROM wireCounter), wireVersion = wireVersion + 1 WHERE id = NEW.id;
                END;
                """)
        }

        // The webhook delivery queue, and how far the wire has been turned into deliveries.
        migrator.registerMigration("createDeliveryQueue") { db in
            try db.execute(sql: """
                CREATE TABLE delivery (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    subscriberId INTEGER NOT NULL REFERENCES subscriber(id) ON DELETE CASCADE,
                    articleId INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    deliveryKey TEXT NOT NULL UNIQUE,
                    contentType TEXT NOT NULL,
                    body TEXT NOT NULL,
                    createdAt INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    nextAttemptAt INTEGER NOT NULL,
                    deliveredAt INTEGER,
                    failedAt INTEGER,
                    lastError TEXT);
                CREATE INDEX delivery_open ON delivery(subscriberId, id) WHERE deliveredAt IS NULL AND failedAt IS NULL;
                CREATE INDEX delivery_bySubscriber ON delivery(subscriberId, id);
                CREATE TABLE wireFanOut (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
                INSERT INTO wireFanOut (id, seq) SELECT 1, value FROM wireCounter;
                """)
        }

        // Wire ingest: partner agencies and the 수신 queue of what they sent, one row per
        // item (source and GUID) at its latest version.
        migrator.registerMigration("createIngest") { db in
            try db.execute(sql: """
                CREATE TABLE ingestSource (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    feedUrl TEXT,
                    keyHash TEXT NOT NULL UNIQUE,
                    createdAt INTEGER NOT NULL,
                    revokedAt INTEGER,
                    polledAt INTEGER,
                    pollError TEXT);
                CREATE TABLE ingestItem (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sourceId INTEGER NOT NULL REFERENCES ingestSource(id) ON DELETE CASCADE,
                    guid TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    format TEXT NOT NULL,
                    headline TEXT NOT NULL,
                    subheadline TEXT NOT NULL,
                    bodyHtml TEXT NOT NULL,
                    byline TEXT NOT NULL,
                    dateline TEXT NOT NULL,
                    link TEXT NOT NULL,
                    photos TEXT NOT NULL,
                    sentAt INTEGER,
                    embargoUntil INTEGER,
                    withdrawn BOOLEAN NOT NULL,
                    receivedAt INTEGER NOT NULL,
                    updatedAt INTEGER NOT NULL,
                    articleId INTEGER,
                    UNIQUE (sourceId, guid));
                CREATE INDEX ingestItem_recent ON ingestItem(updatedAt DESC, id DESC);
                CREATE INDEX ingestItem_bySource ON ingestItem(sourceId, updatedAt DESC, id DESC);
                """)
        }

        // Site-wide traffic for the newsroom's dashboard: views per minute (a day of them)
        // and per hour by the kind of referring host. Nothing about any reader.
        migrator.registerMigration("createTraffic") { db in
            try db.execute(sql: """
                CREATE TABLE viewMinute (minute INTEGER PRIMARY KEY, views INTEGER NOT NULL);
                CREATE TABLE referrerHour (hour INTEGER NOT NULL, kind TEXT NOT NULL, views INTEGER NOT NULL, PRIMARY KEY (hour, kind));
                """)
        }
    }
}
