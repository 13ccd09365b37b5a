import GRDB

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
    }
}
