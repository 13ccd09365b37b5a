import Foundation

/// Live coverage (라이브): an article an editor turned into a running account of an event,
/// timestamped entries newest first, key events pinned on top, until it ends.
///
/// Every change (an entry posted, corrected, pinned or unpinned, the end) takes the next
/// number of the coverage's sequence: a reader's stream resumes after the last number it saw.
public struct LiveCoverage: Hashable, Sendable {
    public let articleID: ArticleID
    public let startedAt: Date
    public let endedAt: Date?
    /// The number of the latest change.
    public let sequence: Int64
    /// The entries asked for (all, or those changed after a number), newest first.
    public let entries: [LiveEntry]

    public init(articleID: ArticleID, startedAt: Date, endedAt: Date?, sequence: Int64, entries: [LiveEntry]) {
        self.articleID = articleID
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.sequence = sequence
        self.entries = entries
    }

    public var isLive: Bool { endedAt == nil }
}

public struct LiveEntry: Hashable, Sendable {
    public let id: Int64
    public let kind: LiveEntryKind
    /// The text; a quote's words; a photo's caption.
    public let body: String
    /// Who is quoted.
    public let source: String?
    /// A photo's address.
    public let photoURL: String?
    public let isPinned: Bool
    public let postedAt: Date
    /// When it was last corrected, if it was: shown as such.
    public let correctedAt: Date?
    public let author: String
    /// The number of its latest change (`LiveCoverage.sequence`).
    public let sequence: Int64

    public init(
        id: Int64, kind: LiveEntryKind, body: String, source: String?, photoURL: String?, isPinned: Bool, postedAt: Date,
        correctedAt: Date?, author: String, sequence: Int64
    ) {
        self.id = id
        self.kind = kind
        self.body = body
        self.source = source
        self.photoURL = photoURL
        self.isPinned = isPinned
        self.postedAt = postedAt
        self.correctedAt = correctedAt
        self.author = author
        self.sequence = sequence
    }
}

public enum LiveEntryKind: String, CaseIterable, Hashable, Sendable {
    case text, quote, photo

    public var koreanName: String {
        switch self {
        case .text: "글"
        case .quote: "인용"
        case .photo: "사진"
        }
    }
}

/// An entry as the desk writes it.
public struct NewLiveEntry: Hashable, Sendable {
    public static let bodyLimit = 5_000

    public var kind: LiveEntryKind
    public var body: String
    public var source: String?
    public var photoURL: String?
    public var isPinned: Bool

    public init(kind: LiveEntryKind, body: String, source: String? = nil, photoURL: String? = nil, isPinned: Bool = false) {
        self.kind = kind
        self.body = body
        self.source = source
        self.photoURL = photoURL
        self.isPinned = isPinned
    }
}

/// A change to a posted entry.
public enum LiveEntryEdit: Hashable, Sendable {
    /// New text, shown as corrected (정정).
    case correct(String)
    /// Pinned on top as a key event, or not.
    case pin(Bool)
}

/// A live article on the desk's list.
public struct OngoingLive: Hashable, Sendable {
    public let id: ArticleID
    public let headline: String
    public let startedAt: Date
    public let entryCount: Int

    public init(id: ArticleID, headline: String, startedAt: Date, entryCount: Int) {
        self.id = id
        self.headline = headline
        self.startedAt = startedAt
        self.entryCount = entryCount
    }
}
