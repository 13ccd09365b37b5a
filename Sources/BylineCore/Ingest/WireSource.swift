import Foundation

/// Identifies a wire source: a partner agency whose items the newsroom receives.
public struct WireSourceID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Reads an id from a URL segment; `nil` for anything but a positive decimal number.
    public init?(_ text: some StringProtocol) {
        guard let value = parsePositiveID(text) else { return nil }
        self.rawValue = value
    }
    public var description: String { String(rawValue) }
}

/// A partner agency: it sends items with its key, or the newsroom polls its RSS or Atom feed.
/// The key is kept only as a hash.
public struct WireSource: Hashable, Sendable {
    public var id: WireSourceID
    /// The name the newsroom credits, `[워싱턴 AP=Byline]`.
    public var name: String
    /// An RSS or Atom feed polled for new items; `nil` for a source that sends them.
    public var feedURL: String?
    public var createdAt: Date
    /// When its key stopped working; `nil` while it works. A revoked source's feed is not polled.
    public var revokedAt: Date?
    /// The last poll of its feed, and what went wrong with it (`nil` when it went well).
    public var polledAt: Date?
    public var pollError: String?

    public init(
        id: WireSourceID, name: String, feedURL: String?, createdAt: Date, revokedAt: Date? = nil, polledAt: Date? = nil,
        pollError: String? = nil
    ) {
        self.id = id
        self.name = name
        self.feedURL = feedURL
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.polledAt = polledAt
        self.pollError = pollError
    }
}
