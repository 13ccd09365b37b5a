import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func addProduct(name: String, filter: ProductFilter) async throws -> Product {
        try await write { db in
            try Self.refuseTakenName(name, except: nil, db: db)
            let lists = filter.storedLists
            try db.execute(literal: """
                INSERT INTO product (name, sections, grades, kinds, tags, breakingOnly, photosOnly)
                VALUES (\(name), \(lists.sections), \(lists.grades), \(lists.kinds), \(lists.tags), \(filter.breakingOnly), \(filter.photosOnly))
                """)
            return Product(id: ProductID(rawValue: db.lastInsertedRowID), name: name, filter: filter)
        }
    }

    public func updateProduct(_ product: Product) async throws {
        try await write { db in
            try Self.refuseTakenName(product.name, except: product.id, db: db)
            let (filter, lists) = (product.filter, product.filter.storedLists)
            try db.execute(literal: """
                UPDATE product SET name = \(product.name), sections = \(lists.sections), grades = \(lists.grades),
                    kinds = \(lists.kinds), tags = \(lists.tags), breakingOnly = \(filter.breakingOnly), photosOnly = \(filter.photosOnly)
                WHERE id = \(product.id.rawValue)
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    public func deleteProduct(_ id: ProductID) async throws {
        try await write { db in
            try db.execute(literal: "DELETE FROM product WHERE id = \(id.rawValue)")
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    public func products() async throws -> [Product] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM product ORDER BY name, id").map { row in
                Product(
                    id: ProductID(rawValue: row["id"]), name: row["name"],
                    filter: ProductFilter(
                        stored: .init(sections: row["sections"], grades: row["grades"], kinds: row["kinds"], tags: row["tags"]),
                        breakingOnly: row["breakingOnly"], photosOnly: row["photosOnly"]))
            }
        }
    }

    public func addSubscriber(_ terms: SubscriberTerms, keyHash: String, secret: String, at now: Date) async throws -> Subscriber {
        try await write { db in
            try db.execute(literal: """
                INSERT INTO subscriber (name, contact, format, webhookUrl, seesEmbargoed, keyHash, secret, createdAt)
                VALUES (\(terms.name), \(terms.contact), \(terms.format.rawValue), \(terms.webhookURL), \(terms.seesEmbargoed),
                    \(keyHash), \(secret), \(now.milliseconds))
                """)
            let id = SubscriberID(rawValue: db.lastInsertedRowID)
            try Self.setProducts(terms.products, of: id, db: db)
            return try Self.subscriber(id, db: db) ?? { throw BylineError.notFound }()
        }
    }

    public func updateSubscriber(_ id: SubscriberID, _ terms: SubscriberTerms) async throws -> Subscriber {
        try await write { db in
            try db.execute(literal: """
                UPDATE subscriber SET name = \(terms.name), contact = \(terms.contact), format = \(terms.format.rawValue),
                    webhookUrl = \(terms.webhookURL), seesEmbargoed = \(terms.seesEmbargoed)
                WHERE id = \(id.rawValue)
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
            try Self.setProducts(terms.products, of: id, db: db)
            return try Self.subscriber(id, db: db) ?? { throw BylineError.notFound }()
        }
    }

    public func subscribers() async throws -> [Subscriber] {
        try await read { db in
            try Self.subscribers(where: "1", arguments: [], db: db)
        }
    }

    public func subscriber(_ id: SubscriberID) async throws -> Subscriber? {
        try await read { db in try Self.subscriber(id, db: db) }
    }

    public func subscriber(keyHash: String) async throws -> Subscriber? {
        try await read { db in
            try Self.subscribers(where: "keyHash = ? AND revokedAt IS NULL", arguments: [keyHash], db: db).first
        }
    }

    public func subscriberSecret(_ id: SubscriberID) async throws -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT secret FROM subscriber WHERE id = ?", arguments: [id.rawValue])
        }
    }

    public func rotateSubscriberKey(_ id: SubscriberID, keyHash: String, secret: String) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE subscriber SET keyHash = \(keyHash), secret = \(secret), revokedAt = NULL WHERE id = \(id.rawValue)
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    public func revokeSubscriber(_ id: SubscriberID, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE subscriber SET revokedAt = coalesce(revokedAt, \(now.milliseconds)) WHERE id = \(id.rawValue)
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    private static func refuseTakenName(_ name: String, except id: ProductID?, db: Database) throws {
        let other = try Int64.fetchOne(db, sql: "SELECT id FROM product WHERE name = ?", arguments: [name])
        if let other, other != id?.rawValue { throw StorageRefusal.productNameTaken(name) }
    }

    /// Replaces the subscriber's products, refusing ids that name none.
    private static func setProducts(_ products: [ProductID], of id: SubscriberID, db: Database) throws {
        let known = Set(try Int64.fetchAll(db, sql: "SELECT id FROM product"))
        let unknown = products.filter { !known.contains($0.rawValue) }
        guard unknown.isEmpty else { throw StorageRefusal.unknownProducts(unknown) }
        try db.execute(literal: "DELETE FROM subscriberProduct WHERE subscriberId = \(id.rawValue)")
        for product in Set(products) {
            try db.execute(literal: "INSERT INTO subscriberProduct (subscriberId, productId) VALUES (\(id.rawValue), \(product.rawValue))")
        }
    }

    private static func subscriber(_ id: SubscriberID, db: Database) throws -> Subscriber? {
        try subscribers(where: "id = ?", arguments: [id.rawValue], db: db).first
    }

    private static func subscribers(where condition: String, arguments: StatementArguments, db: Database) throws -> [Subscriber] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM subscriber WHERE \(condition) ORDER BY name, id", arguments: arguments)
        var products: [Int64: [ProductID]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT subscriberId, productId FROM subscriberProduct ORDER BY productId") {
            products[row["subscriberId"], default: []].append(ProductID(rawValue: row["productId"]))
        }
        return rows.map { row in
            let revokedAt: Int64? = row["revokedAt"]
            return Subscriber(
                id: SubscriberID(rawValue: row["id"]), name: row["name"], contact: row["contact"],
                products: products[row["id"]] ?? [], format: DistributionFormat(rawValue: row["format"]) ?? .ninjs,
                webhookURL: row["webhookUrl"], seesEmbargoed: row["seesEmbargoed"],
                createdAt: Date(milliseconds: row["createdAt"]), revokedAt: revokedAt.map(Date.init(milliseconds:)))
        }
    }
}

extension SQLiteNewsStore {
    public func wireChanges(after seq: Int64?, limit: Int) async throws -> [WireChange] {
        try await read { db in
            let columns = "wireSeq, id, wireVersion, status, publishedAt, embargoUntil"
            let rows = if let seq {
                try Row.fetchAll(db, sql: """
                    SELECT \(columns) FROM article WHERE wireSeq > ? ORDER BY wireSeq LIMIT ?
                    """, arguments: [seq, limit])
            } else {
                try Row.fetchAll(db, sql: """
                    SELECT \(columns) FROM article WHERE wireSeq IS NOT NULL ORDER BY wireSeq DESC LIMIT ?
                    """, arguments: [limit])
            }
            return rows.compactMap { row in
                guard let status = ArticleStatus(rawValue: row["status"]) else { return nil }
                let (published, embargo): (Int64?, Int64?) = (row["publishedAt"], row["embargoUntil"])
                return WireChange(
                    seq: row["wireSeq"], articleID: ArticleID(rawValue: row["id"]), version: row["wireVersion"], status: status,
                    publishedAt: published.map(Date.init(milliseconds:)), embargoUntil: embargo.map(Date.init(milliseconds:)))
            }
        }
    }
}

extension SQLiteNewsStore {
    public func wireArticles(_ ids: [ArticleID]) async throws -> [Article] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in try Self.fullArticles(ids.map(\.rawValue), asOf: Date(), publicOnly: false, db: db) }
    }
}
