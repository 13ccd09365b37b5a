import Foundation
import Synchronization

/// The in-process cache of rendered pages and API answers.
///
/// Bounded in bytes (least recently used copies go first); one render per key however
/// many readers ask at once; a stale copy is served while one reader refreshes it, and
/// for much longer when refreshing fails, so that a database outage costs readers only
/// freshness. `invalidate(keys:)` drops exactly the copies that show changed content.
///
/// The render runs in the asking reader's own task (the leader); readers arriving
/// meanwhile wait for its result. That keeps the render closure non-escaping, so it can
/// call the rest of a request's middleware chain.
public final class PageCache: Sendable {
    /// What a lookup found.
    public enum Outcome: String, Sendable, Equatable {
        case hit, miss, stale, staleOnError
        /// Found in the shared tier (another node rendered it).
        case shared
    }

    struct Entry {
        let page: CachedPage
        let policy: CachePolicy
        var lastUsed: UInt64
    }

    struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var useCounter: UInt64 = 0
        /// Keys being rendered, with the readers waiting for them.
        var waiting: [String: [CheckedContinuation<CachedPage, any Error>]] = [:]
        /// Bumped by every invalidation, so that a render that started before one is not kept.
        var generation: UInt64 = 0
    }

    private enum Step {
        case serve(CachedPage, Outcome)
        case wait
        case render(generation: UInt64)
    }

    private let capacity: Int
    private let shared: (any SharedPageTier)?
    private let now: @Sendable () -> Date
    private let state = Mutex(State())

    public init(capacityBytes: Int, shared: (any SharedPageTier)? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.capacity = capacityBytes
        self.shared = shared
        self.now = now
    }

    /// The page for `key`: from the cache when fresh, otherwise rendered once for everyone asking.
    ///
    /// When rendering fails and `isOutage(error)` says the failure is the backend's (not,
    /// say, a page that no longer exists), an old copy within `staleIfError` is served instead.
    public func page(
        for key: String, policy: CachePolicy, isOutage: (any Error) -> Bool = { _ in true },
        render: () async throws -> CachedPage
    ) async throws -> (CachedPage, Outcome) {
        let time = now()
        let step: Step = state.withLock { state in
            if var entry = state.entries[key] {
                let age = time.timeIntervalSince(entry.page.renderedAt)
                state.useCounter += 1
                entry.lastUsed = state.useCounter
                state.entries[key] = entry
                if age <= entry.policy.freshFor { return .serve(entry.page, .hit) }
                // Stale, and someone is already refreshing it: take the old copy at once.
                if age <= entry.policy.freshFor + entry.policy.staleWhileRevalidate, state.waiting[key] != nil {
                    return .serve(entry.page, .stale)
                }
            }
            if state.waiting[key] != nil { return .wait }
            state.waiting[key] = []
            return .render(generation: state.generation)
        }
        switch step {
        case .serve(let page, let outcome):
            return (page, outcome)
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
                return try await page(for: key, policy: policy, isOutage: isOutage, render: render)
            }
        case .render(let generation):
            do {
                var outcome = Outcome.miss
                let page: CachedPage
                if let copy = await shared?.load(key), time.timeIntervalSince(copy.renderedAt) <= policy.freshFor {
                    page = copy
                    outcome = .shared
                } else {
                    page = try await render()
                }
                // Content changed while this render read it: the page goes to the readers
                // who asked, but is not kept, or it would outlive the invalidation.
                let (waiters, current) = state.withLock { state in
                    let current = state.generation == generation
                    if current { store(page, policy: policy, key: key, in: &state) }
                    return (state.waiting.removeValue(forKey: key) ?? [], current)
                }
                waiters.forEach { $0.resume(returning: page) }
                if outcome == .miss, current, let shared {
                    // Other nodes may use it; the reader does not wait for Redis.
                    let ttl = Int(policy.freshFor + policy.staleWhileRevalidate)
                    Task { [page] in await shared.save(page, for: key, ttl: ttl) }
                }
                return (page, outcome)
            } catch {
                // The database (or anything else) failed: an old copy is better than an error page.
                let (fallback, waiters) = state.withLock { state in
                    let entry = !isOutage(error) ? nil : state.entries[key].flatMap { entry in
                        time.timeIntervalSince(entry.page.renderedAt) <= entry.policy.freshFor + entry.policy.staleIfError
                            ? entry.page : nil
                    }
                    return (entry, state.waiting.removeValue(forKey: key) ?? [])
                }
                for waiter in waiters {
                    if let fallback { waiter.resume(returning: fallback) } else { waiter.resume(throwing: error) }
                }
                guard let fallback else { throw error }
                return (fallback, .staleOnError)
            }
        }
    }

    /// Drops every cached copy that shows content named by one of `keys`.
    public func invalidate(keys: Set<String>) {
        state.withLock { state in
            state.generation += 1
            for (key, entry) in state.entries where !entry.page.keys.isDisjoint(with: keys) {
                remove(key, from: &state)
            }
        }
    }

    /// Drops everything.
    public func removeAll() {
        state.withLock { state in
            state.generation += 1
            state.entries = [:]
            state.bytes = 0
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
    public var sizeInBytes: Int { state.withLock { $0.bytes } }

    private func store(_ page: CachedPage, policy: CachePolicy, key: String, in state: inout State) {
        // A page larger than a tenth of the cache would push out too much to be worth keeping.
        guard page.body.count <= capacity / 10 else { return }
        remove(key, from: &state)
        state.useCounter += 1
        state.entries[key] = Entry(page: page, policy: policy, lastUsed: state.useCounter)
        state.bytes += page.body.count
        guard state.bytes > capacity else { return }
        // Evict in one sweep down to 90%, so that a full cache does not sort on every store.
        for (oldest, _) in state.entries.sorted(by: { $0.value.lastUsed < $1.value.lastUsed }) where state.bytes > capacity * 9 / 10 {
            remove(oldest, from: &state)
        }
    }

    private func remove(_ key: String, from state: inout State) {
        if let entry = state.entries.removeValue(forKey: key) { state.bytes -= entry.page.body.count }
    }
}

/// A follower arrived just as the render it wanted to wait for finished.
struct RenderFinishedMeanwhile: Error {}
