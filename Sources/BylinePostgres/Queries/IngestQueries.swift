import BylineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresNewsStore {
    public func addSource(name: String, feedURL: String?, keyHash: String, at now: Date) async throws -> WireSource {
        try await write { [logger] connection in
            try await Self.refuseTakenSourceName(name, except: nil, connection: connection, logger: logger)
            let rows = try await connection.rows("""
                INSERT INTO ingestSource (name, feedUrl, keyHash, createdAt) VALUES (\(name), \(feedURL), \(keyHash), \(now.milliseconds))
                RETURNING id
                """, logger: logger)
            let id = WireSourceID(rawValue: try rows.first?.decode(Int64.self) ?? 0)
            return try await Self.sources(id: id, connection: connection, logger: logger).first ?? { throw BylineError.notFound }()
        }
    }

    public func updateSource(_ id: WireSourceID, name: String, feedURL: String?) async throws -> WireSource {
        try await write { [logger] connection in
            try await Self.refuseTakenSourceName(name, except: id, connection: connection, logger: logger)
            let rows = try await connection.rows("""
                UPDATE ingestSource SET name = \(name), feedUrl = \(feedURL) WHERE id = \(id.rawValue) RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
            return try await Self.sources(id: id, connection: connection, logger: logger).first ?? { throw BylineError.notFound }()
        }
    }

    public func sources() async throws -> [WireSource] {
        try await read { [logger] connection in try await Self.sources(connection: connection, logger: logger) }
    }

    public func source(_ id: WireSourceID) async throws -> WireSource? {
        try await read { [logger] connection in try await Self.sources(id: id, connection: connection, logger: logger).first }
    }

    public func source(keyHash: String) async throws -> WireSource? {
        try await read { [logger] connection in try await Self.sources(keyHash: keyHash, connection: connection, logger: logger).first }
    }

    public func rotateSourceKey(_ id: WireSourceID, keyHash: String) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE ingestSource SET keyHash = \(keyHash), revokedAt = NULL WHERE id = \(id.rawValue) RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
        }
    }

    public func revokeSource(_ id: WireSourceID, at now: Date) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE ingestSource SET revokedAt = coalesce(revokedAt, \(now.milliseconds)) WHERE id = \(id.rawValue) RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
        }
    }

    public func recordPoll(_ id: WireSourceID, at now: Date, error: String?) async throws {
        try await write { [logger] connection in
            try await connection.run("""
                UPDATE ingestSource SET polledAt = \(now.milliseconds), pollError = \(error) WHERE id = \(id.rawValue)
                """, logger: logger)
        }
    }

    public func receive(_ content: IncomingContent, from source: WireSourceID, at now: Date) async throws -> (IncomingItem, ReceiveOutcome) {
        try await write { [logger] connection in
            // Two nodes receiving the same item at once take turns, so the second sees the first's row.
            try await connection.run("""
                SELECT pg_advisory_xact_lock(\(Int32(truncatingIfNeeded: Self.ingestLockClass)), hashtext(\(source.rawValue)::text || '/' || \(content.guid)))
                """, logger: logger)
            let kept = try await Self.items(source: source, guid: content.guid, connection: connection, logger: logger).first
            let (outcome, version) = content.outcome(over: kept.map { ($0.version, $0.content) })
            let (sent, embargo) = (content.sentAt?.milliseconds, content.embargoUntil?.milliseconds)
            let photos = IncomingPhoto.stored(content.photos)
            switch (outcome, kept) {
            case (.created, _):
                let rows = try await connection.rows("""
                    INSERT INTO ingestItem (sourceId, guid, version, format, headline, subheadline, bodyHtml, byline, dateline, link,
                        photos, sentAt, embargoUntil, withdrawn, receivedAt, updatedAt)
                    VALUES (\(source.rawValue), \(content.guid), \(Int64(version)), \(content.format.rawValue), \(content.headline),
                        \(content.subheadline), \(content.bodyHTML), \(content.byline), \(content.dateline), \(content.link), \(photos),
                        \(sent), \(embargo), \(content.isWithdrawn), \(now.milliseconds), \(now.milliseconds))
                    RETURNING id
                    """, logger: logger)
                let id = IncomingItemID(rawValue: try rows.first?.decode(Int64.self) ?? 0)
                return (IncomingItem(id: id, source: source, version: version, content: content, receivedAt: now, updatedAt: now), outcome)
            case (.updated, let kept?):
                try await connection.run("""
                    UPDATE ingestItem SET version = \(Int64(version)), format = \(content.format.rawValue), headline = \(content.headline),
                        subheadline = \(content.subheadline), bodyHtml = \(content.bodyHTML), byline = \(content.byline),
                        dateline = \(content.dateline), link = \(content.link), photos = \(photos), sentAt = \(sent),
                        embargoUntil = \(embargo), withdrawn = \(content.isWithdrawn), updatedAt = \(now.milliseconds)
                    WHERE id = \(kept.id.rawValue)
                    """, logger: logger)
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
        try await read { [logger] connection in
            try await Self.items(source: source, offset: offset, limit: limit, connection: connection, logger: logger)
        }
    }

    public func incomingItem(_ id: IncomingItemID) async throws -> IncomingItem? {
        try await read { [logger] connection in try await Self.items(id: id, connection: connection, logger: logger).first }
    }

    public func markWrittenUp(_ id: IncomingItemID, as article: ArticleID) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("""
                UPDATE ingestItem SET articleId = \(article.rawValue) WHERE id = \(id.rawValue) RETURNING id
                """, logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
        }
    }

    /// The advisory lock class for receiving items: "ingest" (the two-key form keeps it apart
    /// from the one-key locks of migrations, job leadership and the wire).
    static let ingestLockClass: Int64 = 0x696E_6765

    private static func refuseTakenSourceName(
        _ name: String, except id: WireSourceID?, connection: PostgresConnection, logger: Logger
    ) async throws {
        let other = try await connection.rows("SELECT id FROM ingestSource WHERE name = \(name)", logger: logger).first?.decode(Int64.self)
        if let other, other != id?.rawValue { throw StorageRefusal.sourceNameTaken(name) }
    }

    /// Sources by name, all of them or the one with `id` or with `keyHash` (unless revoked).
    private static func sources(
        id: WireSourceID? = nil, keyHash: String? = nil, connection: PostgresConnection, logger: Logger
    ) async throws -> [WireSource] {
        let rows = try await connection.rows("""
            SELECT id, name, feedUrl, createdAt, revokedAt, polledAt, pollError FROM ingestSource
            WHERE (\(id?.rawValue)::bigint IS NULL OR id = \(id?.rawValue))
                AND (\(keyHash)::text IS NULL OR (keyHash = \(keyHash) AND revokedAt IS NULL))
            ORDER BY name, id
            """, logger: logger)
        return try rows.map { row in
            let (id, name, feed, created, revoked, polled, pollError) = try row.decode(
                (Int64, String, String?, Int64, Int64?, Int64?, String?).self)
            return WireSource(
                id: WireSourceID(rawValue: id), name: name, feedURL: feed, createdAt: Date(milliseconds: created),
                revokedAt: revoked.map(Date.init(milliseconds:)), polledAt: polled.map(Date.init(milliseconds:)), pollError: pollError)
        }
    }

    /// Items, most recently changed first: one by id, one by source and GUID, or a page of the queue.
    private static func items(
        id: IncomingItemID? = nil, source: WireSourceID? = nil, guid: String? = nil, offset: Int = 0, limit: Int = 1,
        connection: PostgresConnection, logger: Logger
    ) async throws -> [IncomingItem] {
        let rows = try await connection.rows("""
            SELECT id, sourceId, guid, version, format, headline, subheadline, bodyHtml, byline, dateline, link, photos,
                sentAt, embargoUntil, withdrawn, receivedAt, updatedAt, articleId
            FROM ingestItem
            WHERE (\(id?.rawValue)::bigint IS NULL OR id = \(id?.rawValue))
                AND (\(source?.rawValue)::bigint IS NULL OR sourceId = \(source?.rawValue))
                AND (\(guid)::text IS NULL OR guid = \(guid))
            ORDER BY updatedAt DESC, id DESC LIMIT \(Int64(limit)) OFFSET \(Int64(offset))
            """, logger: logger)
        return try rows.map { row in
            let (id, source, guid, version, format, headline, subheadline, body, byline, dateline, link, photos,
                 sent, embargo, withdrawn, received, updated, article) = try row.decode(
                (Int64, Int64, String, Int64, String, String, String, String, String, String, String, String,
                 Int64?, Int64?, Bool, Int64, Int64, Int64?).self)
            let kind = IncomingFormat(rawValue: format) ?? .ninjs
            let content = IncomingContent(
                guid: guid, version: kind == .rss || kind == .atom ? nil : Int(version), format: kind, headline: headline,
                subheadline: subheadline, bodyHTML: body, byline: byline, dateline: dateline, link: link,
                photos: IncomingPhoto.list(stored: photos), sentAt: sent.map(Date.init(milliseconds:)),
                embargoUntil: embargo.map(Date.init(milliseconds:)), isWithdrawn: withdrawn)
            return IncomingItem(
                id: IncomingItemID(rawValue: id), source: WireSourceID(rawValue: source), version: Int(version), content: content,
                receivedAt: Date(milliseconds: received), updatedAt: Date(milliseconds: updated), article: article.map(ArticleID.init(rawValue:)))
        }
    }
}
