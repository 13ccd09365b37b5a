import Foundation

/// How often one kind of page was answered each way, and how often its copies were
/// invalidated, for `/metrics`: the hit ratio is `(hit + stale) / all lookups`.
public struct PageCacheTally: Sendable, Equatable {
    public var hit = 0
    /// Served stale at once while one background render replaced it.
    public var stale = 0
    /// The reader waited for a render (the page was not cached, or too old to serve).
    public var miss = 0
    /// Another node's render, from the shared tier.
    public var shared = 0
    /// The render failed (the database is down) and an old copy answered.
    public var staleOnError = 0
    /// Copies marked stale by an invalidation (soft purge).
    public var markedStale = 0
    /// Copies dropped by a purge (a correction, an unpublish).
    public var purged = 0

    public init() {}

    mutating func count(_ outcome: PageCache.Outcome) {
        switch outcome {
        case .hit: hit += 1
        case .stale: stale += 1
        case .miss: miss += 1
        case .shared: shared += 1
        case .staleOnError: staleOnError += 1
        }
    }
}

extension PageCache {
    typealias Waiter = CheckedContinuation<CachedPage, any Error>

    struct Entry {
        let page: CachedPage
        let policy: CachePolicy
        /// The head of a hit's answer, serialised when the copy was stored (`PageCache.prepare`).
        let head: PreparedHead?
        /// The kind of page (article, home, ...), for the tallies.
        let kind: String
        var lastUsed: UInt64
        /// When an invalidation marked it stale: served at once while a render replaces it.
        var markedStaleAt: Date?
    }

    /// One invalidation, remembered for a while so that a render that read the content
    /// before it is not kept as current. `keys == nil` means every page.
    struct Change {
        let generation: UInt64
        let keys: Set<String>?
        let purge: Bool

        func touches(_ pageKeys: Set<String>) -> Bool {
            keys.map { !$0.isDisjoint(with: pageKeys) } ?? true
        }
    }

    /// What changed while a render ran, for the page it produced.
    enum Verdict { case current, stale, purged }

    struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var useCounter: UInt64 = 0
        /// Keys being rendered, with the readers waiting for them.
        var waiting: [String: [Waiter]] = [:]
        /// Background renders running (each for a stale copy that readers are being served).
        var refreshes = 0
        /// Bumped by every invalidation.
        var generation: UInt64 = 0
        /// The generation of the last purge, for renders older than `recentChanges` remembers.
        var lastPurge: UInt64 = 0
        var recentChanges: [Change] = []
        var tallies: [String: PageCacheTally] = [:]

        static let changesKept = 256

        mutating func record(keys: Set<String>?, purge: Bool) {
            generation += 1
            if purge { lastPurge = generation }
            if recentChanges.count == Self.changesKept { recentChanges.removeFirst(Self.changesKept / 4) }
            recentChanges.append(Change(generation: generation, keys: keys, purge: purge))
        }

        /// Whether an invalidation since `start` touched a page with `keys`.
        func verdict(for keys: Set<String>, since start: UInt64) -> Verdict {
            guard generation > start else { return .current }
            guard let oldest = recentChanges.first, oldest.generation <= start + 1 else {
                // Older than what is remembered: assume the worst that may have happened.
                return lastPurge > start ? .purged : .stale
            }
            var verdict = Verdict.current
            for change in recentChanges.reversed() {
                guard change.generation > start else { break }
                guard change.touches(keys) else { continue }
                if change.purge { return .purged }
                verdict = .stale
            }
            return verdict
        }

        /// After a failed render: the copy to serve instead (none when the page is gone, or
        /// its copy is past stale-if-error), and the readers who waited for the render.
        mutating func failed(_ key: String, kind: String, at time: Date, pageIsGone: Bool, countsReader: Bool) -> (CachedPage?, [Waiter]) {
            var fallback: CachedPage?
            if pageIsGone {
                // Say, its tag was deleted: the old copy must not be served either.
                remove(key)
            } else if let entry = entries[key],
                time.timeIntervalSince(entry.page.renderedAt) <= entry.policy.freshFor + entry.policy.staleIfError {
                fallback = entry.page
            }
            if countsReader { count(fallback == nil ? .miss : .staleOnError, kind: kind) }
            return (fallback, waiting.removeValue(forKey: key) ?? [])
        }

        mutating func count(_ outcome: PageCache.Outcome, kind: String) {
            tallies[kind, default: PageCacheTally()].count(outcome)
        }

        mutating func remove(_ key: String) {
            if let entry = entries.removeValue(forKey: key) { bytes -= entry.page.body.count }
        }
    }
}
