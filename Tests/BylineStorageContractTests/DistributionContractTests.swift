import BylineCore
import Foundation
import Testing

/// Products and subscribers (distribution to client outlets), on every backend.
@Suite("Storage contract: products and subscribers")
struct DistributionContractTests {
    let noon = NewsroomFixture.noon

    @Test("products keep their filters whole; names are unique; a deleted product leaves its subscribers",
          arguments: StorageBackend.allCases)
    func products(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let filter = ProductFilter(
            sections: [SectionID(rawValue: 2), SectionID(rawValue: 5)], grades: [.headline, .important], kinds: [.pressRelease],
            tags: [Tag("여름 휴가")!, Tag("\"따옴표\", 쉼표")!], breakingOnly: true, photosOnly: true)
        let national = try await store.addProduct(name: "전국 속보", filter: filter)
        let all = try await store.addProduct(name: "기본 서비스", filter: ProductFilter())
        #expect(try await store.products() == [all, national], "by name")
        #expect(try await store.products().last?.filter == filter)

        await #expect(throws: StorageRefusal.productNameTaken("기본 서비스")) {
            try await store.addProduct(name: "기본 서비스", filter: ProductFilter())
        }
        var renamed = national
        renamed.name = "전국 속보 (사진)"
        renamed.filter.kinds = []
        try await store.updateProduct(renamed)
        #expect(try await store.products().contains(renamed))
        await #expect(throws: StorageRefusal.productNameTaken("기본 서비스")) {
            var clash = renamed
            clash.name = "기본 서비스"
            try await store.updateProduct(clash)
        }
        await #expect(throws: BylineError.notFound) {
            try await store.updateProduct(Product(id: ProductID(rawValue: 999), name: "없음", filter: ProductFilter()))
        }

        let outlet = try await store.addSubscriber(
            SubscriberTerms(name: "한빛일보", products: [national.id, all.id], format: .ninjs), keyHash: "hash-1", secret: "s1", at: noon)
        try await store.deleteProduct(national.id)
        #expect(try await store.subscriber(outlet.id)?.products == [all.id])
        await #expect(throws: BylineError.notFound) { try await store.deleteProduct(national.id) }
    }

    @Test("subscribers: terms kept and changed, keys found by hash, rotated and revoked, unknown products refused",
          arguments: StorageBackend.allCases)
    func subscribers(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let wire = try await store.addProduct(name: "종합", filter: ProductFilter())
        let sports = try await store.addProduct(name: "스포츠", filter: ProductFilter(sections: [SectionID(rawValue: 3)]))
        let terms = SubscriberTerms(
            name: "바다방송", contact: "desk@bada.test", products: [sports.id, wire.id, wire.id], format: .both,
            webhookURL: "http://127.0.0.1:9/hook", seesEmbargoed: true)
        let broadcaster = try await store.addSubscriber(terms, keyHash: "key-hash-a", secret: "secret-a", at: noon)
        #expect(broadcaster.name == "바다방송" && broadcaster.contact == "desk@bada.test")
        #expect(Set(broadcaster.products) == [wire.id, sports.id], "each product once")
        #expect(broadcaster.format == .both && broadcaster.webhookURL == "http://127.0.0.1:9/hook" && broadcaster.seesEmbargoed)
        #expect(broadcaster.createdAt == noon && broadcaster.revokedAt == nil)
        let paper = try await store.addSubscriber(
            SubscriberTerms(name: "가람신문", products: [wire.id], format: .newsml), keyHash: "key-hash-b", secret: "secret-b", at: noon)
        #expect(try await store.subscribers().map(\.name) == ["가람신문", "바다방송"])

        #expect(try await store.subscriber(keyHash: "key-hash-a")?.id == broadcaster.id)
        #expect(try await store.subscriber(keyHash: "nothing") == nil)
        #expect(try await store.subscriberSecret(paper.id) == "secret-b")

        await #expect(throws: StorageRefusal.unknownProducts([ProductID(rawValue: 999)])) {
            try await store.addSubscriber(
                SubscriberTerms(name: "없는 상품", products: [wire.id, ProductID(rawValue: 999)], format: .ninjs),
                keyHash: "key-hash-c", secret: "c", at: noon)
        }
        #expect(try await store.subscribers().count == 2, "the refused one left nothing behind")

        var changed = terms
        changed.products = [wire.id]
        changed.webhookURL = nil
        changed.format = .ninjs
        let updated = try await store.updateSubscriber(broadcaster.id, changed)
        #expect(updated.products == [wire.id] && updated.webhookURL == nil && updated.format == .ninjs)
        await #expect(throws: BylineError.notFound) { try await store.updateSubscriber(SubscriberID(rawValue: 999), changed) }

        try await store.revokeSubscriber(paper.id, at: noon.addingTimeInterval(60))
        #expect(try await store.subscriber(keyHash: "key-hash-b") == nil, "a revoked key opens nothing")
        #expect(try await store.subscriber(paper.id)?.revokedAt == noon.addingTimeInterval(60))
        try await store.revokeSubscriber(paper.id, at: noon.addingTimeInterval(120))
        #expect(try await store.subscriber(paper.id)?.revokedAt == noon.addingTimeInterval(60), "revoked once, when first revoked")

        try await store.rotateSubscriberKey(paper.id, keyHash: "key-hash-b2", secret: "secret-b2")
        #expect(try await store.subscriber(keyHash: "key-hash-b") == nil, "the old key stops at once")
        #expect(try await store.subscriber(keyHash: "key-hash-b2")?.id == paper.id, "a new key works again")
        #expect(try await store.subscriberSecret(paper.id) == "secret-b2")
        await #expect(throws: BylineError.notFound) { try await store.revokeSubscriber(SubscriberID(rawValue: 999), at: noon) }
    }

    @Test("a product's filter: sections with their subsections, grades, kinds, any of its tags, breaking, photos")
    func filter() throws {
        let tree = SectionTree([
            Section(id: SectionID(rawValue: 1), slug: "society", name: "사회", parentID: nil, position: 0),
            Section(id: SectionID(rawValue: 2), slug: "seoul", name: "서울시", parentID: SectionID(rawValue: 1), position: 0),
            Section(id: SectionID(rawValue: 3), slug: "economy", name: "경제", parentID: nil, position: 1),
        ])
        let article = Article(
            id: ArticleID(rawValue: 1), headline: "제목", subheadlines: [], body: "본문", summary: "요약", sectionID: SectionID(rawValue: 2),
            authors: [], tags: [Tag("한강")!, Tag("여름")!], dateline: nil, isBreaking: false, photos: [], publishedAt: noon,
            updatedAt: noon, grade: .important, kind: .article)
        #expect(ProductFilter().matches(article, tree: tree), "no condition: everything")
        #expect(ProductFilter(sections: [SectionID(rawValue: 1)]).matches(article, tree: tree), "a subsection is in its section")
        #expect(!ProductFilter(sections: [SectionID(rawValue: 3)]).matches(article, tree: tree))
        #expect(ProductFilter(grades: [.important, .headline]).matches(article, tree: tree))
        #expect(!ProductFilter(grades: [.headline]).matches(article, tree: tree))
        #expect(!ProductFilter(kinds: [.pressRelease]).matches(article, tree: tree))
        #expect(ProductFilter(tags: [Tag("겨울")!, Tag("여름")!]).matches(article, tree: tree), "any one of the tags")
        #expect(!ProductFilter(tags: [Tag("겨울")!]).matches(article, tree: tree))
        #expect(!ProductFilter(breakingOnly: true).matches(article, tree: tree))
        #expect(!ProductFilter(photosOnly: true).matches(article, tree: tree))
        var breaking = article
        breaking.isBreaking = true
        breaking.photos = [Photo(
            url: "/media/a.jpg", caption: "사진", alt: "사진", photographer: nil, credit: "통신", takenAt: noon, width: 10, height: 10)]
        #expect(ProductFilter(sections: [SectionID(rawValue: 1)], breakingOnly: true, photosOnly: true).matches(breaking, tree: tree))
    }
}
