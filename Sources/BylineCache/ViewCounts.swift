import BylineCore
import Foundation

/// Article views counted in memory, per hour, waiting to be written somewhere.
///
/// Counts are kept by the UTC hour they were observed in, so that a batch held back by
/// an outage still lands in the right hour of the most-read rankings when it is written.
public struct ViewCounts: Sendable, Equatable {
    /// Views per article, per hour number (hours since 1970 in UTC).
    public private(set) var byHour: [Int64: [ArticleID: Int]] = [:]
    /// How many (hour, article) pairs are held: the measure of the buffer's size.
    public private(set) var entries = 0

    public init() {}

    public var isEmpty: Bool { entries == 0 }

    /// The hour number containing `date`.
    public static func hour(of date: Date) -> Int64 { viewHour(of: date) }

    /// Adds `count` views; a new (hour, article) pair beyond `limit` is refused and `false` returned.
    @discardableResult
    public mutating func add(_ id: ArticleID, hour: Int64, count: Int = 1, limit: Int = .max) -> Bool {
        if byHour[hour]?[id] == nil {
            guard entries < limit else { return false }
            entries += 1
        }
        byHour[hour, default: [:]][id, default: 0] += count
        return true
    }

    /// Adds every count of `other`; returns how many views were refused for lack of room.
    @discardableResult
    public mutating func merge(_ other: ViewCounts, limit: Int = .max) -> Int {
        var refused = 0
        for (hour, counts) in other.byHour {
            for (id, count) in counts where !add(id, hour: hour, count: count, limit: limit) {
                refused += count
            }
        }
        return refused
    }

    /// Takes everything out, leaving the buffer empty.
    public mutating func drain() -> ViewCounts {
        defer { self = ViewCounts() }
        return self
    }
}

/// Counts sent to the shared counters under one id, so that a batch sent again after a
/// timeout (which Redis may have applied all the same) is counted once.
public struct ViewBatch: Sendable, Equatable {
    public let id: String
    public let counts: ViewCounts

    public init(id: String = UUID().uuidString, counts: ViewCounts) {
        self.id = id
        self.counts = counts
    }
}

/// An article's place in a most-read ranking.
public struct RankedArticle: Hashable, Sendable {
    public let id: ArticleID
    public let views: Int64

    public init(id: ArticleID, views: Int64) {
        self.id = id
        self.views = views
    }
}

/// View counters and most-read rankings shared by every node (Redis).
///
/// Called only from background work (the once-a-second flush, a ranking refresh), never
/// on a reader's request path; implementations answer within their own short timeouts.
public protocol SharedViewCounter: Sendable {
    /// Adds the batch's counts, once per batch id: on failure nothing may be assumed written,
    /// and the caller sends the same batch again.
    func add(_ batch: ViewBatch) async throws
    /// The most-read articles over the window ending at `now`, most views first.
    func ranking(_ window: PopularWindow, asOf now: Date, limit: Int) async throws -> [RankedArticle]
}
