import BylineCore
import Foundation
import Synchronization

/// A real store with a switch that makes every call fail, to stand in for a database
/// that has gone away in the middle of serving.
final class FaultyStore: NewsStore {
    let base: any NewsStore
    let fault = Mutex<StorageError?>(nil)

    init(wrapping base: any NewsStore) { self.base = base }

    private func check() throws {
        if let error = fault.withLock({ $0 }) { throw error }
    }

    func sections() async throws -> [Section] { try check(); return try await base.sections() }
    func articles(_ ids: [ArticleID], asOf now: Date) async throws -> [Article] { try check(); return try await base.articles(ids, asOf: now) }
    func articles(_ listing: ArticleListing, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        try check(); return try await base.articles(listing, page: page, asOf: now)
    }
    func articles(_ lists: [ListRequest], asOf now: Date) async throws -> [Page<ArticleSummary>] {
        try check(); return try await base.articles(lists, asOf: now)
    }
    func popular(_ window: PopularWindow, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        try check(); return try await base.popular(window, page: page, asOf: now)
    }
    func articlePage(_ id: ArticleID, asOf now: Date) async throws -> ArticleWithRelated? {
        try check(); return try await base.articlePage(id, asOf: now)
    }
    func related(to article: Article, limit: Int, asOf now: Date) async throws -> [ArticleSummary] {
        try check(); return try await base.related(to: article, limit: limit, asOf: now)
    }
    func reporter(_ id: ReporterID) async throws -> Reporter? { try check(); return try await base.reporter(id) }
    func reporters(emails: [String]) async throws -> [Reporter] { try check(); return try await base.reporters(emails: emails) }
    func tagIsPublic(_ tag: Tag, asOf now: Date) async throws -> Bool { try check(); return try await base.tagIsPublic(tag, asOf: now) }
    func storyChain(of id: ArticleID, asOf now: Date) async throws -> StoryChain? {
        try check(); return try await base.storyChain(of: id, asOf: now)
    }
    func storyChains(of ids: [ArticleID], asOf now: Date) async throws -> [ArticleID: StoryChain] {
        try check(); return try await base.storyChains(of: ids, asOf: now)
    }
    /// How long reads of live coverage wait first, to stand in for a loaded machine.
    let liveDelay = Mutex<Duration?>(nil)

    func liveCoverage(_ id: ArticleID, after sequence: Int64) async throws -> LiveCoverage? {
        try check()
        if let delay = liveDelay.withLock({ $0 }) { try await Task.sleep(for: delay) }
        return try await base.liveCoverage(id, after: sequence)
    }
    func killNotice(_ id: ArticleID) async throws -> KillNotice? { try check(); return try await base.killNotice(id) }
    func kills(page: PageRequest) async throws -> Page<KillNotice> { try check(); return try await base.kills(page: page) }
    func recordViews(_ counts: [ArticleID: Int], at: Date) async throws { try check(); try await base.recordViews(counts, at: at) }
    func recordTraffic(_ traffic: Traffic) async throws { try check(); try await base.recordTraffic(traffic) }
    func views(minutes: Range<Int64>) async throws -> Int { try check(); return try await base.views(minutes: minutes) }
    func referrers(hours: Range<Int64>) async throws -> [ReferrerKind: Int] { try check(); return try await base.referrers(hours: hours) }
    func isEmpty() async throws -> Bool { try check(); return try await base.isEmpty() }
    func createSection(_ section: NewSection) async throws -> Section { try check(); return try await base.createSection(section) }
    func addReporter(_ reporter: NewReporter) async throws -> Reporter { try check(); return try await base.addReporter(reporter) }
    func publish(_ article: NewArticle) async throws -> ArticleID { try check(); return try await base.publish(article) }
    func update(_ id: ArticleID, with article: NewArticle, at now: Date) async throws { try check(); try await base.update(id, with: article, at: now) }
    func unpublish(_ id: ArticleID, at now: Date) async throws { try check(); try await base.unpublish(id, at: now) }
    func summaries(_ ids: [ArticleID], asOf now: Date) async throws -> [ArticleSummary] { try check(); return try await base.summaries(ids, asOf: now) }
    func frontPage(_ lists: [ListRequest], asOf now: Date) async throws -> FrontPageArticles {
        try check(); return try await base.frontPage(lists, asOf: now)
    }
}

extension FaultyStore {
    func archiveDays(asOf now: Date) async throws -> [ArchiveDay] { try check(); return try await base.archiveDays(asOf: now) }
    func articleStamps(since: Date, until: Date, limit: Int, asOf now: Date) async throws -> [ArticleStamp] {
        try check(); return try await base.articleStamps(since: since, until: until, limit: limit, asOf: now)
    }
}

extension FaultyStore {
    func importRecords(_ records: [ExchangeRecord], at now: Date) async throws -> [ImportOutcome] {
        try check(); return try await base.importRecords(records, at: now)
    }
    func exportArticles(after: ArticleID?, limit: Int) async throws -> [(id: ArticleID, document: ArticleDocument)] {
        try check(); return try await base.exportArticles(after: after, limit: limit)
    }
}

extension FaultyStore {
    func searchIDs(_ request: SearchRequest, asOf now: Date) async throws -> Page<ArticleID> {
        try check(); return try await base.searchIDs(request, asOf: now)
    }
}
