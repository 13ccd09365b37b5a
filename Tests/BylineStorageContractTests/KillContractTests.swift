import BylineCore
import Foundation
import Testing

/// Kills (킬): a published article withdrawn for good, on every backend.
@Suite("Storage contract: kills")
struct KillContractTests {
    let noon = NewsroomFixture.noon

    func document(_ headline: String, external: String? = nil) -> ArticleDocument {
        ArticleDocument(
            externalID: external, headline: headline, body: "\(headline) 본문에 들어간 낱말 철회대상.\n\n둘째 문단.",
            section: SectionPath("society/seoul")!,
            authors: [Byline(name: NewsroomFixture.reporterA.name, email: NewsroomFixture.reporterA.email)],
            tags: [Tag("킬시험")!], publishedAt: nil)
    }

    func editor(in store: any NewsroomBackend) async throws -> User {
        try await store.addUser(
            NewUser(email: "desk@byline.test", name: "데스크", role: .editor, passwordHash: "$2b$12$fixture"), at: noon)
    }

    @Test("a killed article leaves every public read, answers with its notice, and is listed newest kill first",
          arguments: StorageBackend.allCases)
    func killedArticles(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await editor(in: store)
        let first = try await store.createDraft(document("먼저 킬할 기사"), embargoUntil: nil, by: user, at: noon)
        let second = try await store.createDraft(document("나중에 킬할 기사"), embargoUntil: nil, by: user, at: noon)
        let kept = try await store.createDraft(document("남는 기사"), embargoUntil: nil, by: user, at: noon)
        for id in [first, second, kept] { try await store.publish(id, by: user, at: noon) }
        let later = noon.addingTimeInterval(600)
        #expect(try await store.killNotice(first) == nil, "a published article has no notice")

        try await store.kill(first, reason: "사실과 다른 내용", by: user, at: noon.addingTimeInterval(60))
        try await store.kill(second, reason: "법원 결정", by: user, at: noon.addingTimeInterval(120))

        #expect(try await store.article(first, asOf: later) == nil)
        #expect(try await store.articlePage(first, asOf: later) == nil)
        #expect(try await store.draft(first)?.status == .killed)
        let notice = try #require(try await store.killNotice(first))
        #expect(notice == KillNotice(id: first, headline: "먼저 킬할 기사", killedAt: noon.addingTimeInterval(60), reason: "사실과 다른 내용"))
        #expect(try await store.killNotice(kept) == nil)

        // Off every public list, the related articles of the one kept, the sitemap and search.
        let latest = try await store.articles(ArticleListing(), page: PageRequest(limit: 10), asOf: later)
        #expect(!latest.items.map(\.id).contains(first))
        #expect(latest.items.map(\.id).contains(kept))
        #expect(try await store.related(to: try #require(try await store.article(kept, asOf: later)), limit: 5, asOf: later).isEmpty)
        let stamps = try await store.articleStamps(since: noon.addingTimeInterval(-1), until: later, limit: 100, asOf: later)
        #expect(stamps.map(\.id).contains(kept) && !stamps.map(\.id).contains(first))
        let found = try await store.search(
            SearchRequest(query: try SearchQuery("철회대상"), page: PageRequest(limit: 10)), asOf: later)
        #expect(found.items.map(\.id) == [kept])

        // The list for clients: the latest kill first, page by page.
        let page = try await store.kills(page: PageRequest(limit: 1))
        #expect(page.items.map(\.id) == [second])
        #expect(page.items.first?.reason == "법원 결정")
        let rest = try await store.kills(page: PageRequest(after: try #require(page.next), limit: 1))
        #expect(rest.items.map(\.id) == [first])
        #expect(rest.next == nil)

        // The history keeps who and why.
        let entry = try #require(try await store.auditLog(first).last)
        #expect(entry.action == .kill && entry.userName == "데스크" && entry.detail == "사실과 다른 내용")
    }

    @Test("a kill is final: only a published article can be killed, and nothing moves a killed one",
          arguments: StorageBackend.allCases)
    func killIsFinal(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await editor(in: store)
        let draft = try await store.createDraft(document("초안"), embargoUntil: nil, by: user, at: noon)
        await #expect(throws: BylineError.statusChanged(.draft)) {
            try await store.kill(draft, reason: "초안은 킬할 수 없다", by: user, at: noon)
        }
        // An article that came in from a wire, published as it arrived.
        var wired = document("킬될 기사", external: "wire-7")
        wired.publishedAt = noon
        guard case .articleCreated(let id) = try await store.importRecords([.article(wired)], at: noon).first else {
            Issue.record("the wire's article was not created")
            return
        }
        try await store.kill(id, reason: "오보", by: user, at: noon)
        await #expect(throws: BylineError.statusChanged(.killed)) { try await store.publish(id, by: user, at: noon) }
        await #expect(throws: BylineError.statusChanged(.killed)) { try await store.unpublish(id, by: user, at: noon) }
        await #expect(throws: BylineError.statusChanged(.killed)) { try await store.kill(id, reason: "다시", by: user, at: noon) }
        #expect(try await store.kills(page: PageRequest(limit: 10)).items.count == 1)

        // A wire that sends the article again cannot bring it back.
        let outcomes = try await store.importRecords([.article(document("다시 온 기사", external: "wire-7"))], at: noon)
        #expect(outcomes == [.failed(StorageRefusal.articleKilled.explanation)])
        #expect(try await store.draft(id)?.document.headline == "킬될 기사")
        #expect(try await store.draft(id)?.status == .killed)
    }
}
