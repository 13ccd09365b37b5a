import BylineCore
import Foundation
import Testing

@Suite("Storage contract: import and export")
struct ImportContractTests {
    let now = Date(timeIntervalSince1970: 1_728_550_800)

    func document(_ headline: String, external: String? = nil, section: String = "news/local", email: String = "new@byline.test") -> ArticleDocument {
        ArticleDocument(
            externalID: external, headline: headline, subheadlines: ["부제"], body: "\(headline) 본문.", section: SectionPath(section)!,
            authors: [Byline(name: "새 기자", email: email)], tags: [Tag("태그")!], dateline: "서울",
            publishedAt: Date(timeIntervalSince1970: 1_728_544_980),
            photos: [PhotoDocument(url: "/media/x.jpg", caption: "설명", alt: "대체")])
    }

    @Test("import creates reporters and sections, and an external id updates instead of duplicating", arguments: StorageBackend.allCases)
    func createAndUpdate(_ backend: StorageBackend) async throws {
        let store = try await backend.makeStore()
        let outcomes = try await store.importRecords([
            .section(NewSection(path: SectionPath("news")!, name: "뉴스")),
            .article(document("첫 기사", external: "ext-1")),
            .article(document("두번째", section: "news")),
        ], at: now)
        guard case .articleCreated(let first) = outcomes[1], case .articleCreated(let second) = outcomes[2] else {
            Issue.record("expected a section and two new articles, got \(outcomes)")
            return
        }
        #expect(outcomes[0] == .sectionSaved)
        #expect(first != second)
        let tree = SectionTree(try await store.sections())
        #expect(tree.section(at: SectionPath("news/local")!) != nil, "an unknown section is created")

        let again = try await store.importRecords([.article(document("첫 기사 (수정)", external: "ext-1"))], at: now)
        #expect(again == [.articleUpdated(first)], "the article with the external id is updated in place")
        let list = try await store.articles(.latest, page: PageRequest(limit: 10), asOf: now)
        #expect(list.items.map(\.headline).sorted() == ["두번째", "첫 기사 (수정)"])
        let updated = try #require(list.items.first { $0.headline.hasPrefix("첫") })
        let article = try #require(try await store.article(updated.id, asOf: now))
        #expect(article.authors.map(\.email) == ["new@byline.test"])
        #expect(article.photos.count == 1)
        #expect(article.photos.first?.width == nil)

        // Imported tags carry their articles' public times, updates included: the two find
        // each other by their tag, and a draft imported with it is no candidate.
        var draft = document("초안")
        draft.publishedAt = nil
        _ = try await store.importRecords([.article(draft)], at: now)
        #expect(try await store.related(to: article, limit: 5, asOf: now).map(\.headline) == ["두번째"])
    }

    @Test("a refused record leaves nothing behind and the batch goes on", arguments: StorageBackend.allCases)
    func isolation(_ backend: StorageBackend) async throws {
        let store = try await backend.makeStore()
        // The same external id twice in one batch with a duplicate author conflicts on nothing;
        // a reporter e-mail differing only in case is the same reporter.
        var broken = document("깨진 기사")
        broken.photos = [PhotoDocument(url: "/media/y.jpg", caption: "", alt: "", width: 0, height: 5)]
        let outcomes = try await store.importRecords([
            .article(document("앞 기사")), .article(broken), .article(document("뒤 기사", email: "NEW@byline.test")),
        ], at: now)
        guard case .articleCreated = outcomes[0], case .failed = outcomes[1], case .articleCreated = outcomes[2] else {
            Issue.record("expected created, failed, created; got \(outcomes)")
            return
        }
        let headlines = try await store.articles(.latest, page: PageRequest(limit: 10), asOf: now).items.map(\.headline)
        #expect(headlines.sorted() == ["뒤 기사", "앞 기사"])
        #expect(try await store.reporter(ReporterID(rawValue: 1))?.email == "new@byline.test")
        #expect(try await store.reporter(ReporterID(rawValue: 2)) == nil)
    }

    @Test("export returns what import stored, drafts included", arguments: StorageBackend.allCases)
    func export(_ backend: StorageBackend) async throws {
        let store = try await backend.makeStore()
        var draft = document("초안")
        draft.publishedAt = nil
        let first = document("첫 기사", external: "ext-9")
        _ = try await store.importRecords([.article(first), .article(draft)], at: now)
        let exported = try await store.exportArticles(after: nil, limit: 10)
        #expect(exported.map(\.document) == [first, draft])
        #expect(try await store.exportArticles(after: exported.last?.id, limit: 10).isEmpty)
        #expect(try await store.articles(.latest, page: PageRequest(limit: 10), asOf: now).items.map(\.headline) == ["첫 기사"],
                "a draft is not public")
    }
}
