import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func addSource(name: String, feedURL: String?, keyHash: String, at now: Date) async throws -> WireSource {
        try await write { db in
            try Self.refuseTakenSourceName(name, except: nil, db: db)
            try db.execute(literal: """
                INSERT INTO ingestSource (name, feedUrl, keyHash, createdAt) VALUES (\(name), \(feedURL), \(keyHash), \(now.milliseconds))
                """)
            return try Self.source(WireSourceID(rawValue: db.lastInsertedRowID), db: db) ?? { throw BylineError.notFound }()
        }
    }

    public func updateSource(_ id: WireSourceID, name: String, feedURL: String?) async throws -> WireSource {
        try await write { db in
            try Self.refuseTakenSourceName(name, except: id, db: db)
            try db.execute(literal: "UPDATE ingestSource SET name = \(name), feedUrl = \(feedURL) WHERE id = \(id.rawValue)")
            guard db.changesCount > 0 else { throw BylineError.notFound }
            return try Self.source(id, db: db) ?? { throw BylineError.notFound }()
        }
    }

    public func sources() async throws -> [WireSource] {
        try await read { db in try Self.sources(where: "1", arguments: [], db: db) }
    }

    public func source(_ id: WireSourceID) async throws -> WireSource? {
        try await read { db in try Self.source(id, db: db) }
    }

    public func source(keyHash: String) async throws -> WireSource? {
        try await read { db in
            try Self.sources(where: "keyHash = ? AND revokedAt IS NULL", arguments: [keyHash], db: db).first
        }
    }

    public func rotateSourceKey(_ id: WireSourceID, keyHash: String) async throws {
        try await write { db in
            try db.execute(literal: "UPDATE ingestSource SET keyHash = \(keyHash), revokedAt = NULL WHERE id = \(id.rawValue)")
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    public func revokeSource(_ id: WireSourceID, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                UPDATE ingestSource SET revokedAt = coalesce(revokedAt, \(now.milliseconds)) WHERE id = \(id.rawValue)
                """)
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    public func recordPoll(_ id: WireSourceID, at now: Date, error: String?) async throws {
        try await write { db in
            try db.execute(literal: "UPDATE ingestSource SET polledAt = \(now.milliseconds), pollError = \(error) WHERE id = \(id.rawValue)")
        }
    }

    public func receive(_ content: IncomingContent, from source: WireSourceID, at now: Date) async throws -> (IncomingItem, ReceiveOutcome) {
        try await write { db in
            let kept = try Self.items(where: "sourceId = ? AND guid = ?", arguments: [source.rawValue, content.guid], db: db).first
            let (outcome, version) = content.outcome(over: kept.map { ($0.version, $0.content) })
            let (sent, embargo) = (content.sentAt?.milliseconds, content.embargoUntil?.milliseconds)
            let photos = IncomingPhoto.stored(content.photos)
            switch (outcome, kept) {
            case (.created, _):
                try db.execute(literal: """
                    INSERT INTO ingestItem (sourceId, guid, version, format, headline, subheadline, bodyHtml, byline, dateline, link,
                        photos, sentAt, embargoUntil, withdrawn, receivedAt, updatedAt)
                    VALUES (\(source.rawValue), \(content.guid), \(version), \(content.format.rawValue), \(content.headline),
                        \(content.subheadline), \(content.bodyHTML), \(content.byline), \(content.dateline), \(content.link), \(photos),
                        \(sent), \(embargo), \(content.isWithdrawn), \(now.milliseconds), \(now.milliseconds))
                    """)
                let id = IncomingItemID(rawValue: db.lastInsertedRowID)
                return (IncomingItem(id: id, source: source, version: version, content: content, receivedAt: now, updatedAt: now), outcome)
            case (.updated, let kept?):
                try db.execute(literal: """
                    UPDATE ingestItem SET version = \(version), format = \(content.format.rawValue), headline = \(content.headline),
                        subheadline = \(content.subheadline), bodyHtml = \(content.bodyHTML), byline = \(content.byline),
                        dateline = \(content.dateline), link = \(content.link), photos = \(photos), sentAt = \(sent),
                        embargoUntil = \(embargo), withdrawn = \(content.isWithdrawn), updatedAt = \(now.milliseconds)
                    WHERE id = \(kept.id.rawValue)
                    """)
                var item = kept
                (item.version, item.content, item.updatedAt) = (version, content, now)
                return (item, outcome)
            case (_, let kept?):
                return (kept, outcome)
            case (_, nil):
                throw BylineError.notFound
            }
        }
    }

    public func incomingItems(source: WireSourceID?, offset: Int, limit: Int) async throws -> [IncomingItem] {
        try await read { db in
            let page: StatementArguments = [limit, offset]
            return if let source {
                try Self.items(where: "sourceId = ? ORDER BY updatedAt DESC, id DESC LIMIT ? OFFSET ?", arguments: [source.rawValue] + page, db: db)
            } else {
                try Self.items(where: "1 ORDER BY updatedAt DESC, id DESC LIMIT ? OFFSET ?", arguments: page, db: db)
            }
        }
    }

    public func incomingItem(_ id: IncomingItemID) async throws -> IncomingItem? {
        try await read { db in try Self.items(where: "id = ?", arguments: [id.rawValue], db: db).first }
    }

    public func markWrittenUp(_ id: IncomingItemID, as article: ArticleID) async throws {
        try await write { db in
            try db.execute(literal: "UPDATE ingestItem SET articleId = \(article.rawValue) WHERE id = \(id.rawValue)")
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    private static func refuseTakenSourceName(_ name: String, except id: WireSourceID?, db: Database) throws {
        let other = try Int64.fetchOne(db, sql: "SELECT id FROM ingestSource WHERE name = ?", arguments: [name])
        if let other, other != id?.rawValue { throw StorageRefusal.sourceNameTaken(name) }
    }

    private static func source(_ id: WireSourceID, db: Database) throws -> WireSource? {
        try sources(where: "id = ?", arguments: [id.rawValue], db: db).first
    }

    private static func sources(where condition: String, arguments: StatementArguments, db: Database) throws -> [WireSource] {
        try Row.fetchAll(db, sql: "SELECT * FROM ingestSource WHERE \(condition) ORDER BY name, id", arguments: arguments).map { row in
            let (revoked, polled): (Int64?, Int64?) = (row["revokedAt"], row["polledAt"])
            return WireSource(
                id: WireSourceID(rawValue: row["id"]), name: row["name"], feedURL: row["feedUrl"],
                createdAt: Date(milliseconds: row["createdAt"]), revokedAt: revoked.map(Date.init(milliseconds:)),
                polledAt: polled.map(Date.init(milliseconds:)), pollError: row["pollError"])
        }
    }

    /// Items; `condition` may end in an ORDER BY and LIMIT.
    private static func items(where condition: String, arguments: StatementArguments, db: Database) throws -> [IncomingItem] {
        try Row.fetchAll(db, sql: "SELECT * FROM ingestItem WHERE \(condition)", arguments: arguments).map { row in
            let (sent, embargo, article): (Int64?, Int64?, Int64?) = (row["sentAt"], row["embargoUntil"], row["articleId"])
            let version: Int = row["version"]
            let format = IncomingFormat(rawValue: row["format"]) ?? .ninjs
            let content = IncomingContent(
                guid: row["guid"], version: format == .rss || format == .atom ? nil : version, format: format,
                headline: row["headline"], subheadline: row["subheadline"], bodyHTML: row["bodyHtml"], byline: row["byline"],
                dateline: row["dateline"], link: row["link"], photos: IncomingPhoto.list(stored: row["photos"]),
                sentAt: sent.map(Date.init(milliseconds:)), embargoUntil: embargo.map(Date.init(milliseconds:)),
                isWithdrawn: row["withdrawn"])
            return IncomingItem(
                id: IncomingItemID(rawValue: row["id"]), source: WireSourceID(rawValue: row["sourceId"]), version: version,
                content: content, receivedAt: Date(milliseconds: row["receivedAt"]), updatedAt: Date(milliseconds: row["updatedAt"]),
                article: article.map(ArticleID.init(rawValue:)))
        }
    }
}
