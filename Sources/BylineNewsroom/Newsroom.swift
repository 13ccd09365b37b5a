import BylineCore
import Foundation

/// The one place where published content changes: every publish, update, correction
/// and unpublish goes through here, so that each drops exactly the cached pages that
/// show the article, before and after the change, on every node. The workflow's steps
/// (with roles and the audit log) are in Newsroom+Workflow.swift; the three writes
/// below take no user and are for imports and tests.
public struct Newsroom: Sendable {
    let store: any NewsStore
    let clock: NewsClock
    let sections: SectionDirectory
    let changes: ContentChanges
    /// Articles in every state, and accounts; `nil` on a site built without the newsroom (some tests).
    let desk: (any NewsroomBackend)?
    /// Tells search engines about changed articles, when configured.
    let indexNow: IndexNowSubmitter?
    /// For the absolute URLs search engines are told about.
    let publicURL: String
    /// Told of every workflow step taken (the web counts them for `/metrics`).
    let observe: @Sendable (WorkflowAction) -> Void
    /// This node's live streams, told at once of the changes posted here.
    let live: LiveHub?

    public init(
        store: any NewsStore, desk: (any NewsroomBackend)?, clock: NewsClock, sections: SectionDirectory, changes: ContentChanges,
        indexNow: IndexNowSubmitter?, publicURL: String, live: LiveHub? = nil, observe: @escaping @Sendable (WorkflowAction) -> Void = { _ in }
    ) {
        self.live = live
        self.store = store
        self.desk = desk
        self.clock = clock
        self.sections = sections
        self.changes = changes
        self.indexNow = indexNow
        self.publicURL = publicURL
        self.observe = observe
    }

    @discardableResult
    public func publish(_ article: NewArticle) async throws -> ArticleID {
        let id = try await store.publish(article)
        await changed(id, before: nil)
        return id
    }

    public func update(_ id: ArticleID, with article: NewArticle) async throws {
        let before = try await store.article(id, asOf: clock.now)
        try await store.update(id, with: article, at: clock.now)
        await changed(id, before: before)
    }

    public func unpublish(_ id: ArticleID) async throws {
        let before = try await store.article(id, asOf: clock.now)
        try await store.unpublish(id, at: clock.now)
        // A withdrawn article must leave the most-read boxes too, not only its own lists.
        await changed(id, before: before, extraKeys: [SurrogateKeys.popular])
    }

    /// A picture the article shows got new renditions: its pages and lists show them.
    public func picturesChanged(_ id: ArticleID) async {
        let shown = try? await store.article(id, asOf: clock.now)
        await changed(id, before: shown)
    }

    /// Pages show only public articles, so the pages to invalidate are those that showed
    /// the article as it was public before and those that show it as it is public now.
    /// The lists are marked stale; the article's own pages, when it was public before, are
    /// purged: once a change is acknowledged its old text (or a withdrawn article) is never
    /// served again, not even through a database outage.
    func changed(_ id: ArticleID, before: Article?, extraKeys: Set<String> = []) async {
        let tree = await sections.current()
        var keys = extraKeys
        if let before { keys.formUnion(SurrogateKeys.changed(before, tree: tree)) }
        do {
            if let after = try await store.article(id, asOf: clock.now) {
                keys.formUnion(SurrogateKeys.changed(after, tree: tree))
            }
        } catch {
            // The write is done but its new state cannot be read: drop what every change touches.
            keys.formUnion(SurrogateKeys.everyList)
        }
        var purging: Set<String> = before == nil ? [] : [SurrogateKeys.article(id)]
        // Every version of its story shows which is the newest, and lists show only that one.
        if let chain = try? await desk?.draftChain(of: id) {
            purging.formUnion(chain.links.map { SurrogateKeys.article($0.id) })
            keys.formUnion(SurrogateKeys.everyList)
        }
        await changes.announce(keys, purging: purging)
        // Published, updated, corrected or taken down: a search engine should look again.
        indexNow?.submit([publicURL + "/news/\(id)"])
    }
}
