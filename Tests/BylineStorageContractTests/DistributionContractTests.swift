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

    @Test("every change an outlet must hear of takes the next wire number; drafts never do",
          arguments: StorageBackend.allCases)
    func wireChanges(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let before = try await store.wireChanges(after: nil, limit: 1).first?.seq ?? 0
        let user = try await store.addUser(
            NewUser(email: "wire@byline.test", name: "데스크", role: .editor, passwordHash: "$2b$12$fixture"), at: noon)
        func document(_ headline: String) -> ArticleDocument {
            ArticleDocument(
                externalID: nil, headline: headline, body: "\(headline) 본문.", section: SectionPath("society/seoul")!,
                authors: [Byline(name: NewsroomFixture.reporterA.name, email: NewsroomFixture.reporterA.email)], tags: [], publishedAt: nil)
        }
        let first = try await store.createDraft(document("첫 기사"), embargoUntil: nil, by: user, at: noon)
        let second = try await store.createDraft(document("둘째 기사"), embargoUntil: nil, by: user, at: noon)
        let embargoed = try await store.createDraft(document("엠바고 기사"), embargoUntil: noon.addingTimeInterval(3600), by: user, at: noon)
        let draft = try await store.createDraft(document("초고"), embargoUntil: nil, by: user, at: noon)
        #expect(try await store.wireChanges(after: before, limit: 10).isEmpty, "drafts are not on the wire")

        try await store.publish(first, by: user, at: noon.addingTimeInterval(1))
        try await store.publish(second, by: user, at: noon.addingTimeInterval(2))
        try await store.schedule(embargoed, for: noon.addingTimeInterval(3600), reason: "엠바고", by: user, at: noon.addingTimeInterval(3))
        try await store.correct(first, text: "바로잡습니다.", by: user, at: noon.addingTimeInterval(4))
        try await store.kill(second, reason: "오보", by: user, at: noon.addingTimeInterval(5))
        _ = try await store.saveDraft(draft, document("초고 고침"), embargoUntil: nil, expectedVersion: 1, by: user, at: noon.addingTimeInterval(6))

        let changes = try await store.wireChanges(after: before, limit: 10)
        #expect(changes.map(\.articleID) == [embargoed, first, second], "each article once, at its latest change, in order")
        #expect(changes.map(\.status) == [.scheduled, .published, .killed])
        #expect(changes.map(\.version) == [1, 2, 2], "published then corrected: two changes; published then killed: two")
        #expect(changes.first?.embargoUntil == noon.addingTimeInterval(3600))
        #expect(zip(changes, changes.dropFirst()).allSatisfy { $0.seq < $1.seq })
        #expect(try await store.wireChanges(after: nil, limit: 2).map(\.articleID) == [second, first], "newest first without a cursor")
        #expect(try await store.wireChanges(after: changes[0].seq, limit: 1).map(\.articleID) == [first], "resumes after a number")

        // The embargo lifting (the scheduler publishing) is a change of its own.
        _ = try await store.publishDue(asOf: noon.addingTimeInterval(3600))
        let lifted = try await store.wireChanges(after: changes.last?.seq, limit: 10)
        #expect(lifted.map(\.articleID) == [embargoed] && lifted.first?.status == .published && lifted.first?.version == 2)
        // An imported article is on the wire as well.
        let imported = try await store.publish(NewsroomFixture.article("들여온 기사"))
        #expect(try await store.wireChanges(after: lifted.last?.seq, limit: 10).map(\.articleID) == [imported])
    }

    @Test("the queue: changes are queued once even when two nodes try, each subscriber's oldest first, retried and given up",
          arguments: StorageBackend.allCases)
    func queue(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let product = try await store.addProduct(name: "종합", filter: ProductFilter())
        let one = try await store.addSubscriber(SubscriberTerms(name: "하나", products: [product.id], format: .ninjs), keyHash: "h1", secret: "s", at: noon)
        let two = try await store.addSubscriber(SubscriberTerms(name: "둘", products: [product.id], format: .ninjs), keyHash: "h2", secret: "s", at: noon)
        func item(_ subscriber: Subscriber, _ article: Int64, key: String) -> NewDelivery {
            NewDelivery(
                subscriberID: subscriber.id, articleID: ArticleID(rawValue: article), version: 1, key: key,
                contentType: "application/json; charset=utf-8", body: "{\"uri\": \"\(key)\"}")
        }
        let start = try await store.fanOutCursor()
        #expect(try await store.enqueue([item(one, 1, key: "a"), item(two, 1, key: "b"), item(one, 2, key: "c")], fanOutFrom: start, to: start + 5, at: noon))
        #expect(try await !store.enqueue([item(one, 1, key: "a2")], fanOutFrom: start, to: start + 5, at: noon), "another node got there first")
        #expect(try await store.fanOutCursor() == start + 5)

        let due = try await store.dueDeliveries(asOf: noon)
        #expect(due.map(\.key) == ["a", "b"], "each subscriber's oldest, alone")
        try await store.markFailed(due[0].id, error: "HTTP 500", retryAt: noon.addingTimeInterval(30), at: noon)
        try await store.markDelivered(due[1].id, at: noon)
        #expect(try await store.dueDeliveries(asOf: noon).isEmpty, "the failed one waits, and the next waits behind it")
        #expect(try await store.dueDeliveries(asOf: noon.addingTimeInterval(30)).map(\.key) == ["a"])
        try await store.markFailed(due[0].id, error: "HTTP 502", retryAt: nil, at: noon.addingTimeInterval(30))
        #expect(try await store.dueDeliveries(asOf: noon.addingTimeInterval(30)).map(\.key) == ["c"], "given up: the next goes")
        #expect(try await store.deliveryCounts() == [
            one.id: DeliveryCounts(delivered: 0, pending: 1, failed: 1), two.id: DeliveryCounts(delivered: 1, pending: 0, failed: 0),
        ])
        let history = try await store.deliveries(of: one.id, limit: 10)
        #expect(history.map(\.key) == ["c", "a"])
        #expect(history.last?.attempts == 2 && history.last?.lastError == "HTTP 502" && history.last?.failedAt == noon.addingTimeInterval(30))
        #expect(try await store.resend(one.id, id: nil, since: noon, at: noon.addingTimeInterval(60)) == 2)
        #expect(try await store.deliveries(of: one.id, limit: 10).count == 4)
    }
}
