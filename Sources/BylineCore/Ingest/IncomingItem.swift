import Foundation

/// Identifies an item in the newsroom's 수신 queue.
public struct IncomingItemID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init?(_ text: some StringProtocol) {
        guard let value = parsePositiveID(text) else { return nil }
        self.rawValue = value
    }
    public var description: String { String(rawValue) }
}

/// The format an item arrived in.
public enum IncomingFormat: String, CaseIterable, Hashable, Sendable {
    case ninjs, newsml, rss, atom
}

/// A photo an item refers to: fetched into the library only when an editor writes the item up.
public struct IncomingPhoto: Hashable, Sendable, Codable {
    public var url: String
    public var caption: String
    public var credit: String

    public init(url: String, caption: String = "", credit: String = "") {
        self.url = url
        self.caption = caption
        self.credit = credit
    }
}

/// What a partner's item says, read from its format: never shown to readers as it is.
public struct IncomingContent: Hashable, Sendable {
    /// The source's own identifier for the item, the same across its versions.
    public var guid: String
    /// The source's version number; `nil` for formats without one (RSS, Atom), whose items
    /// take the next version whenever their content changes.
    public var version: Int?
    public var format: IncomingFormat
    public var headline: String
    public var subheadline: String
    /// Sanitised HTML.
    public var bodyHTML: String
    /// The writers as the source names them.
    public var byline: String
    /// Where the story was filed, when the source says.
    public var dateline: String
    /// The item on the source's own site, when it has one.
    public var link: String
    public var photos: [IncomingPhoto]
    /// When the source sent this version, when it says.
    public var sentAt: Date?
    /// Not to be published before this time.
    public var embargoUntil: Date?
    /// The source took the item back (ninjs `pubstatus: canceled`, NewsML-G2 `stat:canceled`).
    public var isWithdrawn: Bool

    public init(
        guid: String, version: Int?, format: IncomingFormat, headline: String, subheadline: String = "", bodyHTML: String,
        byline: String = "", dateline: String = "", link: String = "", photos: [IncomingPhoto] = [], sentAt: Date? = nil,
        embargoUntil: Date? = nil, isWithdrawn: Bool = false
    ) {
        self.guid = guid
        self.version = version
        self.format = format
        self.headline = headline
        self.subheadline = subheadline
        self.bodyHTML = bodyHTML
        self.byline = byline
        self.dateline = dateline
        self.link = link
        self.photos = photos
        // Whole milliseconds, as stored, so that content read back compares equal to the same content received again.
        self.sentAt = sentAt.map { Date(milliseconds: $0.milliseconds) }
        self.embargoUntil = embargoUntil.map { Date(milliseconds: $0.milliseconds) }
        self.isWithdrawn = isWithdrawn
    }
}

/// An item in the 수신 queue: its content at the latest version received.
public struct IncomingItem: Hashable, Sendable {
    public var id: IncomingItemID
    public var source: WireSourceID
    /// The version kept: the source's, or counted here for feeds.
    public var version: Int
    public var content: IncomingContent
    public var receivedAt: Date
    public var updatedAt: Date
    /// The draft an editor wrote from it, if one did.
    public var article: ArticleID?

    public init(
        id: IncomingItemID, source: WireSourceID, version: Int, content: IncomingContent, receivedAt: Date, updatedAt: Date,
        article: ArticleID? = nil
    ) {
        self.id = id
        self.source = source
        self.version = version
        self.content = content
        self.receivedAt = receivedAt
        self.updatedAt = updatedAt
        self.article = article
    }
}

/// What receiving an item did.
public enum ReceiveOutcome: String, Hashable, Sendable {
    /// A new item in the queue.
    case created
    /// A newer version replaced the one kept.
    case updated
    /// The same version again (or, from a feed, the same content): nothing changed.
    case unchanged
    /// An older version than the one kept: ignored.
    case stale
}

/// Wire sources and the 수신 queue, kept by every backend.
public protocol IngestStore: Sendable {
    /// Refuses a name another source has (`StorageRefusal.sourceNameTaken`).
    func addSource(name: String, feedURL: String?, keyHash: String, at now: Date) async throws -> WireSource
    /// Throws `BylineError.notFound` for an unknown source.
    func updateSource(_ id: WireSourceID, name: String, feedURL: String?) async throws -> WireSource
    /// Every source, revoked ones included, by name.
    func sources() async throws -> [WireSource]
    func source(_ id: WireSourceID) async throws -> WireSource?
    /// The source whose key has this hash, unless it was revoked.
    func source(keyHash: String) async throws -> WireSource?
    /// A new key in place of the old, which stops working at once; a revoked source works again.
    func rotateSourceKey(_ id: WireSourceID, keyHash: String) async throws
    func revokeSource(_ id: WireSourceID, at now: Date) async throws
    /// Notes a poll of the source's feed and what went wrong with it, if anything.
    func recordPoll(_ id: WireSourceID, at now: Date, error: String?) async throws

    /// Keeps an item: new, or a newer version of one kept (by the source and its GUID), in
    /// one write. An item the newsroom already wrote up keeps its link to the draft.
    func receive(_ content: IncomingContent, from source: WireSourceID, at now: Date) async throws -> (IncomingItem, ReceiveOutcome)
    /// The queue, most recently changed first, from one source or all.
    func incomingItems(source: WireSourceID?, offset: Int, limit: Int) async throws -> [IncomingItem]
    func incomingItem(_ id: IncomingItemID) async throws -> IncomingItem?
    /// Links the item to the draft written from it.
    func markWrittenUp(_ id: IncomingItemID, as article: ArticleID) async throws
}

extension IncomingContent {
    /// What receiving `self` does to the item kept (its version and content, if one is kept),
    /// and the version to keep: the source's own, or for feeds the next whenever the content
    /// changed. Every backend decides alike.
    public func outcome(over kept: (version: Int, content: IncomingContent)?) -> (ReceiveOutcome, version: Int) {
        guard let kept else { return (.created, version ?? 1) }
        if let version {
            if version > kept.version { return (.updated, version) }
            return (version == kept.version ? .unchanged : .stale, kept.version)
        }
        var before = kept.content
        before.version = nil
        return self == before ? (.unchanged, kept.version) : (.updated, kept.version + 1)
    }
}

extension IncomingPhoto {
    /// Photos as backends store them: one JSON array in a text column.
    public static func stored(_ photos: [IncomingPhoto]) -> String {
        (try? JSONEncoder().encode(photos)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    public static func list(stored text: String) -> [IncomingPhoto] {
        (try? JSONDecoder().decode([IncomingPhoto].self, from: Data(text.utf8))) ?? []
    }
}
