import BylineCore
import Foundation
import Testing

/// The behaviour every storage backend must share. Each test runs once per backend.
@Suite("Storage contract")
struct StoreContractTests {
    let later = NewsroomFixture.noon.addingTimeInterval(86_400)

    @Test("a published article reads back whole", arguments: StorageBackend.allCases)
    func articleRoundTrip(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let id = try await newsroom.publish(
            "청계천 야간 산책로 개방", tags: ["서울", "산책"], breaking: true,
            authors: [NewsroomFixture.reporterA.email, NewsroomFixture.reporterB.email], photos: 2)

        let article = try #require(try await newsroom.store.article(id, asOf: later))
        #expect(article.headline == "청계천 야간 산책로 개방")
        #expect(article.subheadlines == ["청계천 야간 산책로 개방 부제"])
        #expect(article.summary == "청계천 야간 산책로 개방 본문 첫 문단.")
        #expect(article.authors.map(\.name) == ["홍길동", "김하늘"])
        #expect(article.tags.map(\.name).sorted() == ["산책", "서울"])
        #expect(article.dateline?.city == "서울")
        #expect(article.isBreaking)
        #expect(article.photos.map(\.caption) == ["사진 설명 0", "사진 설명 1"])
        #expect(article.photos.first?.photographer?.email == NewsroomFixture.reporterB.email)
        #expect(article.publishedAt == NewsroomFixture.noon)
        #expect(try await newsroom.store.article(ArticleID(rawValue: id.rawValue + 100), asOf: later) == nil)
    }

    @Test("an article is invisible everywhere before its publication time", arguments: StorageBackend.allCases)
    func embargo(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let id = try await newsroom.publish("엠바고 기사", minutes: 60, tags: ["엠바고"], breaking: true)
        let before = NewsroomFixture.noon
        let store = newsroom.store

        #expect(try await store.article(id, asOf: before) == nil)
        #expect(try await !store.tagIsPublic(Tag("엠바고")!, asOf: before))
        for listing in [ArticleListing.latest, .breaking, .tag(Tag("엠바고")!), .day(KoreanDay(containing: before))] {
            #expect(try await store.articles(listing, page: PageRequest(limit: 10), asOf: before).items.isEmpty)
        }
        try await store.recordViews([id: 5], at: before)
        #expect(try await store.popular(.day, page: PageRequest(limit: 10), asOf: before).items.isEmpty)
        #expect(try await store.article(id, asOf: before.addingTimeInterval(3600)) != nil)
    }

    @Test("lists are newest first and cursors neither repeat nor skip", arguments: StorageBackend.allCases)
    func pagination(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        for minute in 0..<7 {
            try await newsroom.publish("기사 \(minute)", minutes: -minute * 10)
        }
        // Two articles share a timestamp: the id breaks the tie.
        try await newsroom.publish("동시 기사", minutes: -30)

        let pages = try await newsroom.allPages(.latest, limit: 3, asOf: later)
        #expect(pages.map(\.count) == [3, 3, 2])
        #expect(pages.flatMap { $0 } == ["기사 0", "기사 1", "기사 2", "동시 기사", "기사 3", "기사 4", "기사 5", "기사 6"])
    }

    @Test("publishing between two clicks does not shift the next page", arguments: StorageBackend.allCases)
    func stabilityUnderPublishing(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        for minute in 0..<6 {
            try await newsroom.publish("기사 \(minute)", minutes: -minute)
        }
        let first = try await newsroom.store.articles(.latest, page: PageRequest(limit: 3), asOf: later)
        try await newsroom.publish("새로 들어온 속보", minutes: 5)
        let second = try await newsroom.store.articles(.latest, page: PageRequest(after: first.next, limit: 3), asOf: later)
        #expect(first.items.map(\.headline) == ["기사 0", "기사 1", "기사 2"])
        #expect(second.items.map(\.headline) == ["기사 3", "기사 4", "기사 5"])
        #expect(second.next == nil)
    }

    @Test("section lists include subsections; tag, reporter and breaking lists filter", arguments: StorageBackend.allCases)
    func listings(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        try await newsroom.publish("서울 기사", section: "society/seoul", tags: ["서울"], breaking: true)
        try await newsroom.publish("사회 기사", minutes: -1, section: "society", tags: ["서울", "교육"])
        try await newsroom.publish("경제 기사", minutes: -2, section: "economy", authors: [NewsroomFixture.reporterB.email])
        let store = newsroom.store
        let tree = SectionTree(try await store.sections())
        let society = try #require(tree.section(at: SectionPath("society")!))
        let seoul = try #require(tree.section(at: SectionPath("society/seoul")!))

        func headlines(_ listing: ArticleListing) async throws -> [String] {
            try await store.articles(listing, page: PageRequest(limit: 10), asOf: later).items.map(\.headline)
        }
        #expect(try await headlines(.sections(tree.subtree(of: society.id))) == ["서울 기사", "사회 기사"])
        #expect(try await headlines(.sections(tree.subtree(of: seoul.id))) == ["서울 기사"])
        #expect(try await headlines(.tag(Tag("서울")!)) == ["서울 기사", "사회 기사"])
        #expect(try await headlines(.tag(Tag("없는태그")!)) == [])
        #expect(try await headlines(.breaking) == ["서울 기사"])
        #expect(try await headlines(.reporter(ReporterID(rawValue: 2))) == ["경제 기사"])
        #expect(try await store.tagIsPublic(Tag("교육")!, asOf: later))
        #expect(try await !store.tagIsPublic(Tag("없는태그")!, asOf: later))
        #expect(try await store.reporter(ReporterID(rawValue: 1))?.name == "홍길동")
    }

    @Test("a section with subsections pages through them merged by time; lists read together read as alone",
          arguments: StorageBackend.allCases)
    func sectionsTogether(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        // Interleaved across the parent and its subsection, with a tie on time the id breaks,
        // a breaking article, one not yet public and one in another section.
        for minute in 0..<6 {
            try await newsroom.publish("사회 \(minute)", minutes: -minute * 10, section: minute.isMultiple(of: 2) ? "society" : "society/seoul",
                                       breaking: minute == 3, photos: minute == 1 ? 1 : 0)
        }
        try await newsroom.publish("동시 서울", minutes: -20, section: "society/seoul")
        try await newsroom.publish("예약 사회", minutes: 24 * 60 + 10, section: "society")
        try await newsroom.publish("경제", minutes: -5, section: "economy")
        let store = newsroom.store
        let tree = SectionTree(try await store.sections())
        let society = ArticleListing.sections(tree.subtree(of: try #require(tree.section(at: SectionPath("society")!)).id))

        let pages = try await newsroom.allPages(society, limit: 3, asOf: later)
        #expect(pages.flatMap { $0 } == ["사회 0", "사회 1", "동시 서울", "사회 2", "사회 3", "사회 4", "사회 5"])
        #expect(pages.map(\.count) == [3, 3, 1])

        let lists = [ListRequest(society, page: PageRequest(limit: 4)), ListRequest(.breaking, page: PageRequest(limit: 2)),
                     ListRequest(.latest, page: PageRequest(limit: 3))]
        let together = try await store.articles(lists, asOf: later)
        var alone: [Page<ArticleSummary>] = []
        for list in lists { alone.append(try await store.articles(list.listing, page: list.page, asOf: later)) }
        #expect(together.map(\.items) == alone.map(\.items))
        #expect(together.map(\.next) == alone.map(\.next))
        #expect(together[0].items.map { $0.leadPhoto != nil } == [false, true, false, false])
        #expect(together[1].items.map(\.headline) == ["사회 3"])
    }

    @Test("the archive day is a Seoul day", arguments: StorageBackend.allCases)
    func archiveDay(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        // noon is 07:23 UTC; 07:36 UTC later is 15:00 UTC, midnight in Seoul.
        try await newsroom.publish("10일 마지막 기사", minutes: 456)
        try await newsroom.publish("11일 첫 기사", minutes: 457)
        let store = newsroom.store
        let tenth = try await store.articles(.day(KoreanDay("2024-10-10")!), page: PageRequest(limit: 10), asOf: later)
        let eleventh = try await store.articles(.day(KoreanDay("2024-10-11")!), page: PageRequest(limit: 10), asOf: later)
        #expect(tenth.items.map(\.headline) == ["10일 마지막 기사"])
        #expect(eleventh.items.map(\.headline) == ["11일 첫 기사"])
    }

    @Test("most-read ranks by views within each window", arguments: StorageBackend.allCases)
    func popular(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let old = try await newsroom.publish("지난주 화제", minutes: -3 * 1440)
        let fresh = try await newsroom.publish("오늘 화제", minutes: -30)
        let store = newsroom.store
        let now = NewsroomFixture.noon
        try await store.recordViews([old: 100], at: now.addingTimeInterval(-2 * 86_400))
        try await store.recordViews([fresh: 10], at: now)
        try await store.recordViews([fresh: 5, old: 1], at: now)

        func ranking(_ window: PopularWindow) async throws -> [String] {
            try await store.popular(window, page: PageRequest(limit: 10), asOf: now).items.map(\.headline)
        }
        #expect(try await ranking(.hour) == ["오늘 화제", "지난주 화제"])
        #expect(try await ranking(.week) == ["지난주 화제", "오늘 화제"])

        let first = try await store.popular(.week, page: PageRequest(limit: 1), asOf: now)
        let second = try await store.popular(.week, page: PageRequest(after: first.next, limit: 1), asOf: now)
        #expect(first.items.map(\.headline) == ["지난주 화제"])
        #expect(second.items.map(\.headline) == ["오늘 화제"])
        #expect(second.next == nil)
    }

    @Test("related articles share tags first, then the section", arguments: StorageBackend.allCases)
    func related(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let main = try await newsroom.publish("본 기사", tags: ["기후", "서울"])
        try await newsroom.publish("두 태그 공유", minutes: -5, section: "economy", tags: ["기후", "서울"], photos: 2)
        try await newsroom.publish("한 태그 공유", minutes: -1, section: "economy", tags: ["기후"])
        try await newsroom.publish("같은 시각, 나중 번호", minutes: -1, section: "economy", tags: ["서울"])
        // In the article's section too: listed once, in its place by tags.
        try await newsroom.publish("한 태그, 더 이른", minutes: -4, tags: ["기후"])
        try await newsroom.publish("같은 섹션", minutes: -2)
        try await newsroom.publish("무관한 기사", minutes: -3, section: "economy")
        let store = newsroom.store
        let article = try #require(try await store.article(main, asOf: later))
        // More shared tags first; among equals the newer, and at the same time the higher id.
        let related = try await store.related(to: article, limit: 5, asOf: later)
        #expect(related.map(\.headline) == ["두 태그 공유", "같은 시각, 나중 번호", "한 태그 공유", "한 태그, 더 이른", "같은 섹션"])
        #expect(related.map { $0.leadPhoto?.url } == ["/media/p0.svg", nil, nil, nil, nil])

        // The article page reads the same in one go, and nothing for an article not yet public.
        let page = try #require(try await store.articlePage(main, asOf: later))
        #expect(page.article == article)
        #expect(page.related == related)
        #expect(try await store.articlePage(main, asOf: NewsroomFixture.noon.addingTimeInterval(-3_600)) == nil)
        #expect(try await store.articlePage(ArticleID(rawValue: 999_999), asOf: later) == nil)
    }

    @Test("lists carry the first photo for thumbnails", arguments: StorageBackend.allCases)
    func leadPhoto(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        try await newsroom.publish("사진 기사", photos: 2)
        try await newsroom.publish("글 기사", minutes: -1)
        let items = try await newsroom.store.articles(.latest, page: PageRequest(limit: 5), asOf: later).items
        #expect(items.map { $0.leadPhoto?.url } == ["/media/p0.svg", nil])
    }

    @Test("writes refuse unknown sections, parents and reporters", arguments: StorageBackend.allCases)
    func invalidWrites(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        await #expect(throws: StorageRefusal.unknownSection(SectionPath("nowhere")!)) {
            try await newsroom.publish("섹션 없음", section: "nowhere")
        }
        await #expect(throws: StorageRefusal.unknownReporter(email: "nobody@byline.test")) {
            try await newsroom.publish("기자 없음", authors: ["nobody@byline.test"])
        }
        await #expect(throws: StorageRefusal.unknownParent(SectionPath("nowhere")!)) {
            _ = try await newsroom.store.createSection(NewSection(path: SectionPath("nowhere/child")!, name: "고아"))
        }
        // The schema itself refuses a duplicate slug under the same parent.
        await #expect(throws: StorageError.self) {
            _ = try await newsroom.store.createSection(NewSection(path: SectionPath("society")!, name: "사회 중복"))
        }
        #expect(try await newsroom.store.articles(.latest, page: PageRequest(limit: 5), asOf: later).items.isEmpty)

        // Moves the section tree cannot take are refused by name, and change nothing.
        let tree = SectionTree(try await newsroom.store.sections())
        let society = try #require(tree.section(at: SectionPath("society")!))
        let seoul = try #require(tree.section(at: SectionPath("society/seoul")!))
        let economy = try #require(tree.section(at: SectionPath("economy")!))
        await #expect(throws: StorageRefusal.sectionUnderItself) {
            try await newsroom.store.updateSection(society.id, name: "사회", parent: seoul.id, position: 0)
        }
        await #expect(throws: StorageRefusal.unknownParent(nil)) {
            try await newsroom.store.updateSection(economy.id, name: "경제", parent: SectionID(rawValue: 999_999), position: 0)
        }
        _ = try await newsroom.store.createSection(NewSection(path: SectionPath("economy/seoul")!, name: "서울 경제"))
        await #expect(throws: StorageRefusal.sectionAddressTaken) {
            try await newsroom.store.updateSection(seoul.id, name: "서울시", parent: economy.id, position: 0)
        }
        #expect(try await newsroom.store.sections().first { $0.id == seoul.id }?.parentID == society.id)
    }

    @Test("a new store is empty and reporters are unique by e-mail", arguments: StorageBackend.allCases)
    func emptiness(_ backend: StorageBackend) async throws {
        let store = try await backend.makeStore()
        #expect(try await store.isEmpty())
        let first = try await store.addReporter(NewReporter(name: "이름", email: "Same@byline.test"))
        let second = try await store.addReporter(NewReporter(name: "다른 이름", email: "same@BYLINE.test"))
        #expect(first.id == second.id)
        _ = try await store.createSection(NewSection(path: SectionPath("news")!, name: "뉴스"))
        #expect(try await !store.isEmpty())
    }
}
