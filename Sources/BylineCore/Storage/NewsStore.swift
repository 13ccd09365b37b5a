import Foundation

/// The storage seams, split by who uses them: the reader site reads (`ReaderStore`), imports
/// and the simple content writes (`ImportStore`), the newsroom's workflow
/// (`NewsroomStore`) and accounts (`AccountStore`). `NewsDatabase` is all of them, with
/// the open database's own lifecycle. SQLite and PostgreSQL implement every one.
///
/// What the site and the importer need: reads, and writes without a workflow.
public typealias NewsStore = ReaderStore & ImportStore

/// What the reader site reads. Every read takes `asOf` so that embargoed and scheduled
/// articles stay invisible until their time, whatever clock the caller runs on.
public protocol ReaderStore: Sendable {
    /// Every section, for navigation, breadcrumbs and section pages.
    func sections() async throws -> [Section]

    /// Public articles in full, in the order of `ids`; ids that are not public are left out.
    func articles(_ ids: [ArticleID], asOf now: Date) async throws -> [Article]

    /// One page of a public list, newest first.
    func articles(_ listing: ArticleListing, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary>

    /// Several lists read together, as a front page shows them: one transaction on SQLite,
    /// one connection on PostgreSQL, one lookup of lead photos for all. In the order asked.
    func articles(_ lists: [ListRequest], asOf now: Date) async throws -> [Page<ArticleSummary>]

    /// Public articles as list entries, in the order of `ids`; ids that are not public are left out.
    func summaries(_ ids: [ArticleID], asOf now: Date) async throws -> [ArticleSummary]

    /// The front page's pinned top stories (public, still pinned at `asOf`, in their order)
    /// and `lists` as `articles(_:asOf:)` reads them, in one read: one transaction on SQLite,
    /// one connection on PostgreSQL.
    func frontPage(_ lists: [ListRequest], asOf now: Date) async throws -> FrontPageArticles

    /// One page of the most-read public articles within a window ending at `asOf`.
    func popular(_ window: PopularWindow, page: PageRequest, asOf now: Date) async throws -> Page<ArticleSummary>

    /// A public article with the `ArticleWithRelated.relatedCount` articles its page lists
    /// beside it (`related(to:)`), read together: one transaction on SQLite, one statement
    /// on PostgreSQL.
    func articlePage(_ id: ArticleID, asOf now: Date) async throws -> ArticleWithRelated?

    /// Public articles that share tags (or else the section) with `article`, newest first.
    func related(to article: Article, limit: Int, asOf now: Date) async throws -> [ArticleSummary]

    /// One page of the public articles matching a search, in the order asked for, as their
    /// ids: the search page and API read the articles whole (`articles(_:asOf:)`) anyway.
    func searchIDs(_ request: SearchRequest, asOf now: Date) async throws -> Page<ArticleID>

    /// Public articles per Seoul day, oldest first, for the sitemap index.
    func archiveDays(asOf now: Date) async throws -> [ArchiveDay]

    /// Addresses and change times of public articles published in `[since, until)`, oldest first.
    func articleStamps(since: Date, until: Date, limit: Int, asOf now: Date) async throws -> [ArticleStamp]

    /// The public versions of the story `id` belongs to, first to last, when it is public
    /// and not alone in public; `nil` otherwise.
    func storyChain(of id: ArticleID, asOf now: Date) async throws -> StoryChain?

    /// The same for several articles at once (feeds, the Content API), by article.
    func storyChains(of ids: [ArticleID], asOf now: Date) async throws -> [ArticleID: StoryChain]

    /// The live coverage of an article, with its entries changed after `sequence` (all for 0);
    /// `nil` when it was never live.
    func liveCoverage(_ id: ArticleID, after sequence: Int64) async throws -> LiveCoverage?

    /// The kill notice of a killed article; `nil` for any other.
    func killNotice(_ id: ArticleID) async throws -> KillNotice?

    /// Killed articles, the latest kill first, for the clients that copied them.
    func kills(page: PageRequest) async throws -> Page<KillNotice>

    /// A reporter by id.
    func reporter(_ id: ReporterID) async throws -> Reporter?

    /// The reporters with these e-mails, in any case; unknown addresses are left out.
    func reporters(emails: [String]) async throws -> [Reporter]

    /// Whether a public article carries the tag, so an unknown tag page answers 404
    /// and an embargoed article's tags stay secret.
    func tagIsPublic(_ tag: Tag, asOf now: Date) async throws -> Bool

    /// Adds buffered view counts, all observed in the hour containing `at`.
    func recordViews(_ counts: [ArticleID: Int], at: Date) async throws

    /// Adds buffered site-wide traffic; minutes more than a day before its newest are
    /// dropped as it is written (the hours by referrer stay).
    func recordTraffic(_ traffic: Traffic) async throws
    /// Views in the minutes of `minutes` (minute numbers, `Traffic.minute(of:)`).
    func views(minutes: Range<Int64>) async throws -> Int
    /// Views by where they came from, in the hours of `hours` (hour numbers).
    func referrers(hours: Range<Int64>) async throws -> [ReferrerKind: Int]
}

/// Content written without the newsroom's workflow: imports, exports, the demo, and tests.
public protocol ImportStore: Sendable {
    /// Whether the newsroom has no sections and no articles yet (a fresh database).
    func isEmpty() async throws -> Bool

    /// Creates a section under its parent path; the parent must exist.
    func createSection(_ section: NewSection) async throws -> Section

    /// Adds a reporter, or returns the existing one with the same e-mail.
    func addReporter(_ reporter: NewReporter) async throws -> Reporter

    /// Imports records in one transaction, each in its own savepoint so that a refused record
    /// leaves nothing behind: reporters are added the first time their e-mail is seen, unknown
    /// sections are created, and an article whose external id is known is updated in place.
    func importRecords(_ records: [ExchangeRecord], at now: Date) async throws -> [ImportOutcome]

    /// Articles of every state in id order after `after`, as exchange documents, for export.
    func exportArticles(after: ArticleID?, limit: Int) async throws -> [(id: ArticleID, document: ArticleDocument)]

    /// Publishes an article at its `publishedAt` in one transaction and returns its id.
    func publish(_ article: NewArticle) async throws -> ArticleID

    /// Replaces an article's content in one transaction; it keeps its id, address and state.
    /// Throws `BylineError.notFound` for an unknown id.
    func update(_ id: ArticleID, with article: NewArticle, at now: Date) async throws

    /// Takes a published article off every public page; its content stays for the newsroom.
    /// Throws `BylineError.notFound` for an unknown id.
    func unpublish(_ id: ArticleID, at now: Date) async throws
}

extension ReaderStore {
    /// A public article, or `nil` when it does not exist or is not public at `asOf`.
    public func article(_ id: ArticleID, asOf now: Date) async throws -> Article? {
        try await articles([id], asOf: now).first
    }
}
