import Foundation
import Synchronization

/// The in-process cache of rendered pages and API answers.
///
/// Bounded in bytes (least recently used copies go first); one render per key however
/// many readers ask at once. Invalidation is a soft purge, as in Varnish and Fastly: a
/// copy that shows changed content is marked stale, not dropped, and the next readers get
/// it at once while one background render replaces it; when that render fails (the
/// database is down) the stale copy keeps answering. Only what a reader must never see
/// again (a corrected or withdrawn article's own page) is purged.
public final class PageCache: Sendable {
    /// What a lookup found.
    public enum Outcome: String, Sendable, Equatable, CaseIterable {
        case hit, miss, stale, staleOnError
        /// Found in the shared tier (another node rendered it).
        case shared
    }

    public typealias Render = @Sendable () async throws -> CachedPage

    private enum Step {
        case serve(CachedPage, Outcome)
        /// Serve the stale copy, and replace it in the background.
        case serveAndRefresh(CachedPage, generation: UInt64, markedStaleAt: Date?)
        case wait
        case render(generation: UInt64)
    }

    /// Background renders at once, at most: beyond that a stale copy is served without
    /// starting another, and the next reader tries again. Keeps a mass invalidation from
    /// becoming a stampede on the database.
    static let refreshLimit = 8
    /// Attempts to render a page that a purge keeps overtaking.
    static let renderAttempts = 3

    private let capacity: Int
    private let shared: (any SharedPageTier)?
    private let now: @Sendable () -> Date
    /// Told when a background render fails: no reader sees that error, so someone must.
    private let refreshFailed: @Sendable (_ key: String, _ error: any Error) -> Void
    /// Serialises the head of a hit's answer once, when a copy is stored.
    private let prepare: @Sendable (CachedPage, CachePolicy) -> PreparedHead?
    let state = Mutex(State())

    public init(
        capacityBytes: Int, shared: (any SharedPageTier)? = nil, now: @escaping @Sendable () -> Date = { Date() },
        refreshFailed: @escaping @Sendable (_ key: String, _ error: any Error) -> Void = { _, _ in },
        prepare: @escaping @Sendable (CachedPage, CachePolicy) -> PreparedHead? = { _, _ in nil }
    ) {
        self.capacity = capacityBytes
        self.shared = shared
        self.now = now
        self.prepare = prepare
        self.refreshFailed = refreshFailed
    }

    /// The page for `key`: from the cache when fresh; stale at once while one background
    /// render replaces it; otherwise rendered once for everyone asking.
    ///
    /// When rendering fails and `isOutage(error)` says the failure is the backend's (not,
    /// say, a page that no longer exists), an old copy within `staleIfError` is served instead.
    public func page(
        for key: String, kind: String = "page", policy: CachePolicy, isOutage: @escaping @Sendable (any Error) -> Bool = { _ in true },
        render: @escaping Render
    ) async throws -> (CachedPage, Outcome) {
        let time = now()
        let step: Step = state.withLock { state in
            if var entry = state.entries[key] {
                let age = time.timeIntervalSince(entry.page.renderedAt)
                state.useCounter += 1
                entry.lastUsed = state.useCounter
                state.entries[key] = entry
                if entry.markedStaleAt == nil, age <= entry.policy.freshFor {
                    state.count(.hit, kind: kind)
                    return .serve(entry.page, .hit)
                }
                if age <= entry.policy.freshFor + entry.policy.staleWhileRevalidate {
                    state.count(.stale, kind: kind)
                    guard state.waiting[key] == nil, state.refreshes < Self.refreshLimit else { return .serve(entry.page, .stale) }
                    state.waiting[key] = []
                    state.refreshes += 1
                    return .serveAndRefresh(entry.page, generation: state.generation, markedStaleAt: entry.markedStaleAt)
                }
            }
            if state.waiting[key] != nil {
                state.count(.miss, kind: kind)
                return .wait
            }
            state.waiting[key] = []
            return .render(generation: state.generation)
        }
        switch step {
        case .serve(let page, let outcome):
            return (page, outcome)
        case .serveAndRefresh(let page, let generation, let markedStaleAt):
            let job = Job(key: key, kind: kind, policy: policy, time: time, isOutage: isOutage, render: render)
            Task {
                defer { state.withLock { $0.refreshes -= 1 } }
                _ = try? await refresh(job, generation: generation, newerThan: markedStaleAt ?? page.renderedAt, forReader: false)
            }
            return (page, .stale)
        case .wait:
            do {
                return (try await withCheckedThrowingContinuation { continuation in
                    let registered = state.withLock { state -> Bool in
                        guard state.waiting[key] != nil else { return false }
                        state.waiting[key, default: []].append(continuation)
                        return true
                    }
                    if !registered { continuation.resume(throwing: RenderFinishedMeanwhile()) }
                }, .miss)
            } catch is RenderFinishedMeanwhile {
                // The render finished between the two looks: its page is in the cache now.
                return try await page(for: key, kind: kind, policy: policy, isOutage: isOutage, render: render)
            }
        case .render(let generation):
            let job = Job(key: key, kind: kind, policy: policy, time: time, isOutage: isOutage, render: render)
            return try await refresh(job, generation: generation, newerThan: .distantPast, forReader: true)
        }
    }

    /// The copy for `key` when it is fresh (counted as a hit), else `nil` and nothing counted:
    /// the lookup of the server's shortest path, which leaves every other case to `page`.
    public func freshPage(for key: String) -> (page: CachedPage, policy: CachePolicy, head: PreparedHead?)? {
        let time = now()
        return state.withLock { state in
            // One hash of the key: the entry is read and its use marked through its index.
            guard let index = state.entries.index(forKey: key) else { return nil }
            let entry = state.entries.values[index]
            guard entry.markedStaleAt == nil, time.timeIntervalSince(entry.page.renderedAt) <= entry.policy.freshFor
            else { return nil }
            state.useCounter += 1
            state.entries.values[index].lastUsed = state.useCounter
            state.count(.hit, kind: entry.kind)
            return (entry.page, entry.policy, entry.head)
        }
    }

    /// Marks stale every cached copy that shows content named by one of `keys` (soft purge).
    public func markStale(keys: Set<String>) {
        guard !keys.isEmpty else { return }
        let time = now()
        state.withLock { state in
            state.record(keys: keys, purge: false)
            for (key, entry) in state.entries where entry.markedStaleAt == nil && !entry.page.keys.isDisjoint(with: keys) {
                state.entries[key]?.markedStaleAt = time
                state.tallies[entry.kind, default: PageCacheTally()].markedStale += 1
            }
        }
    }

    /// Marks every copy stale: for a change every page shows, and after invalidations may have been missed.
    public func markAllStale() {
        let time = now()
        state.withLock { state in
            state.record(keys: nil, purge: false)
            for (key, entry) in state.entries where entry.markedStaleAt == nil {
                state.entries[key]?.markedStaleAt = time
                state.tallies[entry.kind, default: PageCacheTally()].markedStale += 1
            }
        }
    }

    /// Drops every copy that shows content named by one of `keys`: it must not be served
    /// again, not even while the database is down.
    public func purge(keys: Set<String>) {
        guard !keys.isEmpty else { return }
        state.withLock { state in
            state.record(keys: keys, purge: true)
            for (key, entry) in state.entries where !entry.page.keys.isDisjoint(with: keys) {
                state.remove(key)
                state.tallies[entry.kind, default: PageCacheTally()].purged += 1
            }
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
    public var sizeInBytes: Int { state.withLock { $0.bytes } }
    /// Lookups and invalidations so far, by kind of page.
    public var tallies: [String: PageCacheTally] { state.withLock { $0.tallies } }

    /// One render for a key, with what the reader who started it asked.
    private struct Job: Sendable {
        let key: String
        let kind: String
        let policy: CachePolicy
        let time: Date
        let isOutage: @Sendable (any Error) -> Bool
        let render: Render
    }

    /// Renders the job's page (or takes another node's copy newer than `newerThan`), keeps
    /// it unless a purge overtook it, and hands it to the readers waiting for it. `forReader`
    /// says whether a reader waits for it (and its outcome is counted), or it runs in the
    /// background behind a stale copy already served.
    private func refresh(
        _ job: Job, generation start: UInt64, newerThan: Date, forReader: Bool
    ) async throws -> (CachedPage, Outcome) {
        var generation = start
        do {
            for attempt in 1...Self.renderAttempts {
                var outcome = Outcome.miss
                let page: CachedPage
                if let copy = await shared?.load(job.key), copy.renderedAt > newerThan,
                    job.time.timeIntervalSince(copy.renderedAt) <= job.policy.freshFor {
                    page = copy
                    outcome = .shared
                } else {
                    page = try await job.render()
                }
                let settled: (verdict: Verdict, waiters: [Waiter])? = state.withLock { state in
                    let verdict = state.verdict(for: page.keys, since: generation)
                    if verdict == .purged, attempt < Self.renderAttempts {
                        // A purge overtook the render: what it read may be the text that was withdrawn.
                        generation = state.generation
                        return nil
                    }
                    if verdict != .purged { store(page, job: job, markedStale: verdict == .stale, in: &state) }
                    if forReader { state.count(outcome, kind: job.kind) }
                    return (verdict, state.waiting.removeValue(forKey: job.key) ?? [])
                }
                guard let settled else { continue }
                settled.waiters.forEach { $0.resume(returning: page) }
                if outcome == .miss, settled.verdict == .current, let shared {
                    // Other nodes may use it; the reader does not wait for Redis.
                    let ttl = Int(job.policy.freshFor + job.policy.staleWhileRevalidate)
                    Task { [page, key = job.key] in await shared.save(page, for: key, ttl: ttl) }
                }
                return (page, outcome)
            }
            throw RenderFinishedMeanwhile()
        } catch {
            // The database (or anything else) failed: an old copy is better than an error page.
            if !forReader { refreshFailed(job.key, error) }
            let pageIsGone = !job.isOutage(error)
            let (fallback, waiters) = state.withLock { state in
                state.failed(job.key, kind: job.kind, at: job.time, pageIsGone: pageIsGone, countsReader: forReader)
            }
            for waiter in waiters {
                if let fallback { waiter.resume(returning: fallback) } else { waiter.resume(throwing: error) }
            }
            guard let fallback else { throw error }
            return (fallback, .staleOnError)
        }
    }

    private func store(_ page: CachedPage, job: Job, markedStale: Bool, in state: inout State) {
        // A page larger than a tenth of the cache would push out too much to be worth keeping.
        guard page.body.count <= capacity / 10 else { return }
        state.remove(job.key)
        state.useCounter += 1
        state.entries[job.key] = Entry(
            page: page, policy: job.policy, head: prepare(page, job.policy), kind: job.kind, lastUsed: state.useCounter,
            markedStaleAt: markedStale ? now() : nil)
        state.bytes += page.body.count
        guard state.bytes > capacity else { return }
        // Evict in one sweep down to 90%, so that a full cache does not sort on every store.
        for (oldest, _) in state.entries.sorted(by: { $0.value.lastUsed < $1.value.lastUsed }) where state.bytes > capacity * 9 / 10 {
            state.remove(oldest)
        }
    }
}

/// A follower arrived just as the render it wanted to wait for finished.
struct RenderFinishedMeanwhile: Error {}
