import BylineCore
import Foundation
import Testing

/// Changing and withdrawing published articles: the writes whose effects the caches must follow.
@Suite("Storage contract: updates and unpublishing")
struct RevisionContractTests {
    let later = NewsroomFixture.noon.addingTimeInterval(86_400)

    func search(_ text: String, in store: any NewsStore, asOf now: Date) async throws -> [String] {
        let request = SearchRequest(query: try SearchQuery(text), filters: .latest, order: .newest, page: PageRequest(limit: 20))
        return try await store.search(request, asOf: now).items.map(\.headline)
    }

    @Test("an update replaces content, section, tags and search terms, and keeps id and publication time",
          arguments: StorageBackend.allCases)
    func update(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let store = newsroom.store
        let id = try await newsroom.publish("첫 제목 무지개", tags: ["옛태그"], photos: 1)

        var revised = NewsroomFixture.article(
            "고친 제목 해바라기", section: "economy", tags: ["새태그"],
            authors: [NewsroomFixture.reporterB.email, NewsroomFixture.reporterA.email], photos: 2)
        revised.publishedAt = NewsroomFixture.noon.addingTimeInterval(-3600)
        try await store.update(id, with: revised, at: NewsroomFixture.noon.addingTimeInterval(600))

        let article = try #require(try await store.article(id, asOf: later))
        #expect(article.headline == "고친 제목 해바라기")
        #expect(article.tags.map(\.name) == ["새태그"])
        #expect(article.authors.map(\.name) == ["김하늘", "홍길동"])
        #expect(article.photos.count == 2)
        #expect(article.updatedAt == NewsroomFixture.noon.addingTimeInterval(600))
        let sections = try await store.sections()
        #expect(sections.first { $0.id == article.sectionID }?.slug == "economy")

        #expect(try await !store.tagIsPublic(Tag("옛태그")!, asOf: later))
        #expect(try await store.tagIsPublic(Tag("새태그")!, asOf: later))
        #expect(try await search("해바라기", in: store, asOf: later) == ["고친 제목 해바라기"])
        #expect(try await search("무지개", in: store, asOf: later).isEmpty)
        // Search filters follow the new section and publication time, in either order.
        let economy = try #require(sections.first { $0.slug == "economy" }?.id)
        for order in SearchOrder.allCases {
            let inEconomy = SearchRequest(
                query: try SearchQuery("해바라기"), filters: ArticleListing(sections: [economy]), order: order,
                page: PageRequest(limit: 20))
            #expect(try await store.search(inEconomy, asOf: later).items.map(\.id) == [id], "\(order)")
            let sinceOldTime = SearchRequest(
                query: try SearchQuery("해바라기"), filters: ArticleListing(since: NewsroomFixture.noon.addingTimeInterval(-1800)),
                order: order, page: PageRequest(limit: 20))
            #expect(try await store.search(sinceOldTime, asOf: later).items.isEmpty, "\(order)")
        }

        await #expect(throws: BylineError.notFound) {
            try await store.update(ArticleID(rawValue: id.rawValue + 99), with: revised, at: later)
        }
        var unknownSection = revised
        unknownSection.section = SectionPath("nowhere")!
        await #expect(throws: StorageRefusal.unknownSection(SectionPath("nowhere")!)) { try await store.update(id, with: unknownSection, at: later) }
        #expect(try await store.article(id, asOf: later)?.headline == "고친 제목 해바라기")
    }

    @Test("an unpublished article leaves every public list, feed source and search", arguments: StorageBackend.allCases)
    func unpublish(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let store = newsroom.store
        let kept = try await newsroom.publish("남는 기사", minutes: -10)
        let gone = try await newsroom.publish("내린 기사 무지개", tags: ["내림"], breaking: true)
        try await store.recordViews([gone: 9, kept: 1], at: NewsroomFixture.noon)

        try await store.unpublish(gone, at: NewsroomFixture.noon.addingTimeInterval(60))

        #expect(try await store.article(gone, asOf: later) == nil)
        for listing in [ArticleListing.latest, .breaking, .tag(Tag("내림")!), .day(KoreanDay(containing: NewsroomFixture.noon))] {
            let headlines = try await store.articles(listing, page: PageRequest(limit: 10), asOf: later).items.map(\.headline)
            #expect(!headlines.contains("내린 기사 무지개"))
        }
        #expect(try await store.popular(.week, page: PageRequest(limit: 10), asOf: NewsroomFixture.noon).items.map(\.id) == [kept])
        #expect(try await search("무지개", in: store, asOf: later).isEmpty)
        #expect(try await store.summaries([gone, kept], asOf: later).map(\.id) == [kept])
        let stamps = try await store.articleStamps(
            since: NewsroomFixture.noon.addingTimeInterval(-86_400), until: later, limit: 10, asOf: later)
        #expect(stamps.count == 1)
        await #expect(throws: BylineError.notFound) { try await store.unpublish(ArticleID(rawValue: 9_999), at: later) }
    }

    @Test("summaries come back in the order asked, public ones only", arguments: StorageBackend.allCases)
    func summaries(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let first = try await newsroom.publish("하나", minutes: -20, photos: 1)
        let second = try await newsroom.publish("둘", minutes: -10)
        let embargoed = try await newsroom.publish("셋", minutes: 600)
        let store = newsroom.store

        let summaries = try await store.summaries([second, embargoed, ArticleID(rawValue: 777), first], asOf: NewsroomFixture.noon)
        #expect(summaries.map(\.headline) == ["둘", "하나"])
        #expect(summaries.last?.leadPhoto?.caption == "사진 설명 0")
        #expect(try await store.summaries([], asOf: later).isEmpty)
    }
}
