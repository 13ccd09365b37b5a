import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    public func addProduct(name: String, filter: ProductFilter) async throws -> Product {
        try await write { [logger] connection in
            try await Self.refuseTakenName(name, except: nil, connection: connection, logger: logger)
            let lists = filter.storedLists
            let rows = try await connection.rows("""
                INSERT INTO product (name, sections, grades, kinds, tags, breakingOnly, photosOnly)
                VALUES (\(name), \(lists.sections), \(lists.grades), \(lists.kinds), \(lists.tags), \(filter.breakingOnly), \(filter.photosOnly))
                RETURNING id
                """, logger: logger)
            let id = try rows.first?.decode(Int64.self) ?? 0
            return Product(id: ProductID(rawValue: id), name: name, filter: filter)
        }
    }

    public func updateProduct(_ product: Product) async throws {
        try await write { [logger] connection in
            try await Self.refuseTakenName(product.name, except: product.id, connection: connection, logger: logger)
            let (filter, lists) = (product.filter, product.filter.storedLists)
            let rows = try await connection.rows("""
                UPDATE product SET name = \(product.name), sections = \(lists.sections), grades = \(lists.grades),
                    kinds = \(lists.kinds), tags = \(lists.tags), breakingOnly = \(filter.breakingOnly), photosOnly = \(filter.photosOnly)
                WHERE id = \(product.id.rawValue) RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
        }
    }

    public func deleteProduct(_ id: ProductID) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("DELETE FROM product WHERE id = \(id.rawValue) RETURNING id", logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
        }
    }

    public func products() async throws -> [Product] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT id, name, sections, grades, kinds, tags, breakingOnly, photosOnly FROM product ORDER BY name, id
                """, logger: logger).map { row in
                let (id, name, sections, grades, kinds, tags, breakingOnly, photosOnly) = try row.decode(
                    (Int64, String, String, String, String, String, Bool, Bool).self)
                return Product(
                    id: ProductID(rawValue: id), name: name,
                    filter: ProductFilter(
                        stored: .init(sections: sections, grades: grades, kinds: kinds, tags: tags),
                        breakingOnly: breakingOnly, photosOnly: photosOnly))
            }
        }
    }

    public func addSubscriber(_ terms: SubscriberTerms, keyHash: String, secret: String, at now: Date) async throws -> Subscriber {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                INSERT INTO subscriber (name, contact, format, webhookUrl, seesEmbargoed, keyHash, secret, createdAt)
                VALUES (\(terms.name), \(terms.contact), \(terms.format.rawValue), \(terms.webhookURL), \(terms.seesEmbargoed),
                    \(keyHash), \(secret), \(now.milliseconds))
                RETURNING id
                """, logger: logger)
            let id = SubscriberID(rawValue: try rows.first?.decode(Int64.self) ?? 0)
            try await Self.setProducts(terms.products, of: id, connection: connection, logger: logger)
            guard let subscriber = try await Self.subscribers(id: id, connection: connection, logger: logger).first else {
                throw BylineError.notFound
            }
            return subscriber
        }
    }

    public func updateSubscriber(_ id: SubscriberID, _ terms: SubscriberTerms) async throws -> Subscriber {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE subscriber SET name = \(terms.name), contact = \(terms.contact), format = \(terms.format.rawValue),
                    webhookUrl = \(terms.webhookURL), seesEmbargoed = \(terms.seesEmbargoed)
                WHERE id = \(id.rawValue) RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
            try await Self.setProducts(terms.products, of: id, connection: connection, logger: logger)
            guard let subscriber = try await Self.subscribers(id: id, connection: connection, logger: logger).first else {
                throw BylineError.notFound
            }
            return subscriber
        }
    }

    public func subscribers() async throws -> [Subscriber] {
        try await read { [logger] connection in try await Self.subscribers(connection: connection, logger: logger) }
    }

    public func subscriber(_ id: SubscriberID) async throws -> Subscriber? {
        try await read { [logger] connection in try await Self.subscribers(id: id, connection: connection, logger: logger).first }
    }

    public func subscriber(keyHash: String) async throws -> Subscriber? {
        try await read { [logger] connection in
            try await Self.subscribers(keyHash: keyHash, connection: connection, logger: logger).first
        }
    }

    public func subscriberSecret(_ id: SubscriberID) async throws -> String? {
        try await read { [logger] connection in
            try await connection.rows("SELECT secret FROM subscriber WHERE id = \(id.rawValue)", logger: logger)
                .first?.decode(String.self)
        }
    }

    public func rotateSubscriberKey(_ id: SubscriberID, keyHash: String, secret: String) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE subscriber SET keyHash = \(keyHash), secret = \(secret), revokedAt = NULL WHERE id = \(id.rawValue) RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
        }
    }

    public func revokeSubscriber(_ id: SubscriberID, at now: Date) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE subscriber SET revokedAt = coalesce(revokedAt, \(now.milliseconds)) WHERE id = \(id.rawValue) RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
        }
    }

    private static func refuseTakenName(
        _ name: String, except id: ProductID?, connection: PostgresConnection, logger: Logger
    ) async throws {
        let other = try await connection.rows("SELECT id FROM product WHERE name = \(name)", logger: logger).first?.decode(Int64.self)
        if let other, other != id?.rawValue { throw StorageRefusal.productNameTaken(name) }
    }

    /// Replaces the subscriber's products, refusing ids that name none.
    private static func setProducts(
        _ products: [ProductID], of id: SubscriberID, connection: PostgresConnection, logger: Logger
    ) async throws {
        let known = Set(try await connection.rows("SELECT id FROM product", logger: logger).map { try $0.decode(Int64.self) })
        let unknown = products.filter { !known.contains($0.rawValue) }
        guard unknown.isEmpty else { throw StorageRefusal.unknownProducts(unknown) }
        try await connection.run("DELETE FROM subscriberProduct WHERE subscriberId = \(id.rawValue)", logger: logger)
        let wanted = Array(Set(products.map(\.rawValue)))
        try await connection.run("""
            INSERT INTO subscriberProduct (subscriberId, productId) SELECT \(id.rawValue), unnest(\(wanted)::bigint[])
            """, logger: logger)
    }

    /// Subscribers by name, all of them or the one with `id` or with `keyHash` (unless revoked).
    private static func subscribers(
        id: SubscriberID? = nil, keyHash: String? = nil, connection: PostgresConnection, logger: Logger
    ) async throws -> [Subscriber] {
        let rows = try await connection.rows("""
            SELECT id, name, contact, format, webhookUrl, seesEmbargoed, createdAt, revokedAt,
                coalesce((SELECT array_agg(productId ORDER BY productId) FROM subscriberProduct WHERE subscriberId = subscriber.id), '{}')
            FROM subscriber
            WHERE (\(id?.rawValue)::bigint IS NULL OR id = \(id?.rawValue))
                AND (\(keyHash)::text IS NULL OR (keyHash = \(keyHash) AND revokedAt IS NULL))
            ORDER BY name, id
            """, logger: logger)
        return try rows.map { row in
            let (id, name, contact, format, webhook, seesEmbargoed, createdAt, revokedAt, products) = try row.decode(
                (Int64, String, String, String, String?, Bool, Int64, Int64?, [Int64]).self)
            return Subscriber(
                id: SubscriberID(rawValue: id), name: name, contact: contact, products: products.map(ProductID.init(rawValue:)),
                format: DistributionFormat(rawValue: format) ?? .ninjs, webhookURL: webhook, seesEmbargoed: seesEmbargoed,
                createdAt: Date(milliseconds: createdAt), revokedAt: revokedAt.map(Date.init(milliseconds:)))
        }
    }
}

extension PostgresNewsStore {
    public func wireChanges(after seq: Int64?, limit: Int) async throws -> [WireChange] {
        try await read { [logger] connection in
            let rows = if let seq {
                try await connection.rows("""
                    SELECT wireSeq, id, wireVersion, status, publishedAt, embargoUntil FROM article
                    WHERE wireSeq > \(seq) ORDER BY wireSeq LIMIT \(Int64(limit))
                    """, logger: logger)
            } else {
                try await connection.rows("""
                    SELECT wireSeq, id, wireVersion, status, publishedAt, embargoUntil FROM article
                    WHERE wireSeq IS NOT NULL ORDER BY wireSeq DESC LIMIT \(Int64(limit))
                    """, logger: logger)
            }
            return try rows.compactMap { row in
                let (seq, id, version, status, published, embargo) = try row.decode((Int64, Int64, Int64, String, Int64?, Int64?).self)
                guard let status = ArticleStatus(rawValue: status) else { return nil }
                return WireChange(
                    seq: seq, articleID: ArticleID(rawValue: id), version: Int(version), status: status,
                    publishedAt: published.map(Date.init(milliseconds:)), embargoUntil: embargo.map(Date.init(milliseconds:)))
            }
        }
    }
}

extension PostgresNewsStore {
    public func wireArticles(_ ids: [ArticleID]) async throws -> [Article] {
        guard !ids.isEmpty else { return [] }
        return try await read { [logger] connection in
            try await Self.fullArticles(ids.map(\.rawValue), asOf: Date(), publicOnly: false, connection: connection, logger: logger)
        }
    }
}
