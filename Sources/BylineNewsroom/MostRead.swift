import BylineCache
import BylineCore
import Foundation
import Synchronization

/// The most-read lists: from the rankings shared on Redis when there are any, otherwise
/// from the database.
///
/// A ranking read from Redis is kept for a few seconds; when Redis cannot answer, the
/// last good ranking keeps serving (however old), and without one the database answers.
/// No reader waits on Redis more than its command timeout, once per few seconds.
public final class MostRead: Sendable {
    /// How far down a ranking is read: deeper than anyone pages.
    static let depth = 500
    static let maxAge: Duration = .seconds(5)

    private let store: any NewsStore
    private let shared: (any SharedViewCounter)?
    private let lastGood = Mutex<[PopularWindow: (ranking: [RankedArticle], at: ContinuousClock.Instant)]>([:])
    private let generation: ContentGeneration
    /// First pages, by window and length: every uncached article and home page shows one.
    /// The database's ranking adds up every view of the window. A page is kept for a few
    /// seconds and one content generation, so an article unpublished meanwhile drops out.
    private let firstPages = Mutex<[FirstPage: Recent<Page<ArticleSummary>>]>([:])

    struct FirstPage: Hashable {
        let window: PopularWindow
        let limit: Int
    }

    public init(store: any NewsStore, shared: (any SharedViewCounter)?, generation: ContentGeneration) {
        self.store = store
        self.shared = shared
        self.generation = generation
    }

    public func page(_ window: PopularWindow, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        guard page.after == nil else { return try await ranked(window, page: page, asOf: now) }
        let key = FirstPage(window: window, limit: page.limit)
        let kept = firstPages.withLock { pages in
            if let kept = pages[key] { return kept }
            let kept = Recent<Page<ArticleSummary>>(generation, maxAge: Self.maxAge)
            pages[key] = kept
            return kept
        }
        return try await kept.value(asOf: now) { try await ranked(window, page: page, asOf: now) }
    }

    private func ranked(_ window: PopularWindow, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        guard let ranking = await ranking(window, asOf: now), !ranking.isEmpty else {
            return try await store.popular(window, page: page, asOf: now)
        }
        return try await self.page(of: ranking, page: page, asOf: now)
    }

    private func ranking(_ window: PopularWindow, asOf now: Date) async -> [RankedArticle]? {
        guard let shared else { return nil }
        let clock = ContinuousClock()
        let kept = lastGood.withLock { $0[window] }
        if let kept, clock.now - kept.at < Self.maxAge { return kept.ranking }
        do {
            let fresh = try await shared.ranking(window, asOf: now, limit: Self.depth)
            lastGood.withLock { $0[window] = (fresh, clock.now) }
            return fresh
        } catch {
            return kept?.ranking
        }
    }

    /// One page of a ranking, public articles only, continuing after the cursor's (views, id).
    private func page(of ranking: [RankedArticle], page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        var candidates = ranking[...]
        if let after = page.after {
            candidates = ranking.filter { ($0.views, $0.id.rawValue) < (after.key, after.id) }[...]
        }
        var shown: [(rank: RankedArticle, summary: ArticleSummary)] = []
        // Unpublished or embargoed ids are skipped, so read in chunks until the page is full.
        while shown.count <= page.limit, !candidates.isEmpty {
            let chunk = candidates.prefix(page.limit + 1)
            candidates = candidates.dropFirst(chunk.count)
            let summaries = try await store.summaries(chunk.map(\.id), asOf: now)
            let byID = Dictionary(summaries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            shown += chunk.compactMap { rank in byID[rank.id].map { (rank, $0) } }
        }
        let items = shown.prefix(page.limit)
        let next = shown.count > page.limit
            ? items.last.map { PageCursor(kind: .score, key: $0.rank.views, id: $0.rank.id.rawValue) } : nil
        return Page(items: items.map(\.summary), next: next)
    }
}
