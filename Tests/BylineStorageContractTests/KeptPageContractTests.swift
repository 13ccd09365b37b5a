import BylineCore
import BylineTestSupport
import Foundation
import Testing

/// An article page read again shows every change at once, on every backend. PostgreSQL
/// keeps each page's data after its first read (`ArticlePageData`): these tests read each
/// page twice, so that the second read is the kept one, and check it against what the
/// change must show.
@Suite("Storage contract: article pages read again")
struct KeptPageContractTests {
    let noon = NewsroomFixture.noon
    let later = NewsroomFixture.noon.addingTimeInterval(86_400)

    /// The page read twice: both reads must agree.
    func read(_ id: ArticleID, in store: any NewsStore, asOf now: Date) async throws -> ArticleWithRelated? {
        let first = try await store.articlePage(id, asOf: now)
        let second = try await store.articlePage(id, asOf: now)
        #expect(first?.article == second?.article)
        #expect(first?.related == second?.related)
        return second
    }

    /// How many pages PostgreSQL keeps, and how many change notes it holds; `nil` elsewhere.
    func kept(_ backend: StorageBackend, at location: String) throws -> (pages: Int, notes: Int)? {
        guard backend == .postgres else { return nil }
        let counts = try PostgresServerProcess.shared().query(
            "SELECT (SELECT count(*) FROM articlePageData) || ' ' || (SELECT count(*) FROM contentChange)", url: location)
        let numbers = counts.split(separator: " ").compactMap { Int($0) }
        return (numbers[0], numbers[1])
    }

    @Test("each change to an article, its parts or its neighbours shows on the next read", arguments: StorageBackend.allCases)
    func changesShow(_ backend: StorageBackend) async throws {
        let location = try await backend.newDatabase()
        let newsroom = try await NewsroomFixture(store: backend.open(location))
        let store = newsroom.store
        let user = try await store.addUser(
            NewUser(email: "desk@byline.test", name: "데스크", role: .editor, passwordHash: "$2b$12$fixture"), at: noon)
        let main = try await newsroom.publish("본 기사", tags: ["기후", "서울"])
        let neighbour = try await newsroom.publish("이웃 기사", minutes: -5, tags: ["기후"], photos: 1)

        var page = try #require(try await read(main, in: store, asOf: later))
        #expect(page.related.map(\.headline) == ["이웃 기사"])
        if let kept = try kept(backend, at: location) { #expect(kept.pages == 1) }

        // A new article sharing both tags ranks first.
        let newer = try await newsroom.publish("새 기사", minutes: 10, tags: ["기후", "서울"])
        page = try #require(try await read(main, in: store, asOf: later))
        #expect(page.related.map(\.headline) == ["새 기사", "이웃 기사"])

        // A neighbour's new headline and the article's own correction.
        try await store.update(neighbour, with: NewsroomFixture.article("이웃 기사 고침", minutes: -5, tags: ["기후"], photos: 1), at: later)
        try await store.correct(main, text: "제목을 바로잡았습니다.", by: user, at: later)
        page = try #require(try await read(main, in: store, asOf: later))
        #expect(page.related.map(\.headline) == ["새 기사", "이웃 기사 고침"])
        #expect(page.article.corrections.map(\.text) == ["제목을 바로잡았습니다."])

        // A neighbour taken down leaves the box; the article taken down has no page.
        try await store.unpublish(newer, at: later)
        page = try #require(try await read(main, in: store, asOf: later))
        #expect(page.related.map(\.headline) == ["이웃 기사 고침"])

        // A draft, however often saved, changes no public page: nothing is noted.
        let before = try kept(backend, at: location)
        func draft(_ headline: String, tag: String) -> ArticleDocument {
            ArticleDocument(
                headline: headline, body: "초안 본문.", section: SectionPath("society/seoul")!,
                authors: [Byline(name: NewsroomFixture.reporterA.name, email: NewsroomFixture.reporterA.email)],
                tags: [Tag(tag)!], publishedAt: nil)
        }
        let draftID = try await store.createDraft(draft("초안", tag: "기후"), embargoUntil: nil, by: user, at: later)
        _ = try await store.saveDraft(
            draftID, draft("초안 고침", tag: "서울"), embargoUntil: nil, expectedVersion: 1, by: user, at: later)
        if let before, let after = try kept(backend, at: location) { #expect(after.notes == before.notes) }
        page = try #require(try await read(main, in: store, asOf: later))
        #expect(page.related.map(\.headline) == ["이웃 기사 고침"])

        try await store.unpublish(main, at: later)
        #expect(try await store.articlePage(main, asOf: later) == nil)
    }

    @Test("an article that becomes public by the clock joins the box at its time", arguments: StorageBackend.allCases)
    func byTheClock(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let store = newsroom.store
        let main = try await newsroom.publish("본 기사", tags: ["선거"])
        // Published now, public an hour after noon: an embargo the clock lifts, with no write.
        try await newsroom.publish("엠바고 기사", minutes: 60, tags: ["선거"])
        let page = try #require(try await read(main, in: store, asOf: noon.addingTimeInterval(60)))
        #expect(page.related.isEmpty)
        let lifted = try #require(try await read(main, in: store, asOf: noon.addingTimeInterval(3_660)))
        #expect(lifted.related.map(\.headline) == ["엠바고 기사"])
        // Read at an earlier time again (another node's clock): the embargo holds.
        #expect(try await store.articlePage(main, asOf: noon.addingTimeInterval(60))?.related.isEmpty == true)
    }

    @Test("tidying drops the pages that no longer hold and the notes behind them, and keeps the rest", arguments: StorageBackend.allCases)
    func tidy(_ backend: StorageBackend) async throws {
        let location = try await backend.newDatabase()
        let newsroom = try await NewsroomFixture(store: backend.open(location))
        let store = newsroom.store
        let first = try await newsroom.publish("첫 기사", tags: ["항만"])
        let second = try await newsroom.publish("둘째 기사", minutes: -1, tags: ["항만"])
        _ = try await read(first, in: store, asOf: later)
        _ = try await read(second, in: store, asOf: later)
        try await newsroom.publish("셋째 기사", minutes: 1, tags: ["항만"])
        _ = try await read(second, in: store, asOf: later)

        let removed = try await store.tidy(asOf: later)
        if let kept = try kept(backend, at: location) {
            #expect(removed == 1, "the first page, read before the third article")
            #expect(kept.pages == 1)
        } else {
            #expect(removed == 0)
        }
        // Another article: the second page no longer holds either, and with no page kept
        // every note goes, once no transaction on the server is older than them (other
        // tests' transactions, on other databases, may hold them a moment).
        try await newsroom.publish("넷째 기사", minutes: 2, section: "economy", tags: ["기타"])
        var tidied = try await store.tidy(asOf: later)
        if var kept = try kept(backend, at: location) {
            for _ in 0..<50 where kept.notes > 0 {
                try await Task.sleep(for: .milliseconds(100))
                tidied += try await store.tidy(asOf: later)
                kept = try #require(try self.kept(backend, at: location))
            }
            #expect(tidied == 1)
            #expect(kept.pages == 0)
            #expect(kept.notes == 0)
        }
        #expect(try await read(first, in: store, asOf: later)?.related.map(\.headline) == ["셋째 기사", "둘째 기사"])
        #expect(try await read(second, in: store, asOf: later)?.related.map(\.headline) == ["셋째 기사", "첫 기사"])
        if let kept = try kept(backend, at: location) { #expect(kept.pages == 2) }
    }
}
