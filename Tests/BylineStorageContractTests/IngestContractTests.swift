import BylineCore
import Foundation
import Testing

/// Wire sources and the 수신 queue, on every backend.
@Suite("Storage contract: wire sources and the 수신 queue")
struct IngestContractTests {
    let noon = NewsroomFixture.noon

    @Test("sources: names unique, keys found by hash, rotated and revoked, polls noted", arguments: StorageBackend.allCases)
    func sources(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let partner = try await store.addSource(name: "파트너통신", feedURL: nil, keyHash: "source-hash-1", at: noon)
        let feed = try await store.addSource(name: "가람뉴스", feedURL: "http://127.0.0.1:9/rss", keyHash: "source-hash-2", at: noon)
        #expect(partner.name == "파트너통신" && partner.feedURL == nil && partner.createdAt == noon && partner.revokedAt == nil)
        #expect(try await store.sources().map(\.name) == ["가람뉴스", "파트너통신"], "by name")
        await #expect(throws: StorageRefusal.sourceNameTaken("가람뉴스")) {
            try await store.addSource(name: "가람뉴스", feedURL: nil, keyHash: "other", at: noon)
        }
        await #expect(throws: StorageRefusal.sourceNameTaken("가람뉴스")) {
            try await store.updateSource(partner.id, name: "가람뉴스", feedURL: nil)
        }
        let renamed = try await store.updateSource(feed.id, name: "가람뉴스 영문", feedURL: "http://127.0.0.1:9/atom")
        #expect(renamed.name == "가람뉴스 영문" && renamed.feedURL == "http://127.0.0.1:9/atom")
        await #expect(throws: BylineError.notFound) { try await store.updateSource(WireSourceID(rawValue: 999), name: "x", feedURL: nil) }

        #expect(try await store.source(keyHash: "source-hash-1")?.id == partner.id)
        try await store.rotateSourceKey(partner.id, keyHash: "source-hash-3")
        #expect(try await store.source(keyHash: "source-hash-1") == nil, "the old key stops working")
        #expect(try await store.source(keyHash: "source-hash-3")?.id == partner.id)
        try await store.revokeSource(partner.id, at: noon)
        #expect(try await store.source(keyHash: "source-hash-3") == nil)
        #expect(try await store.source(partner.id)?.revokedAt == noon)
        await #expect(throws: BylineError.notFound) { try await store.revokeSource(WireSourceID(rawValue: 999), at: noon) }

        try await store.recordPoll(feed.id, at: noon, error: "연결할 수 없습니다")
        #expect(try await store.source(feed.id)?.pollError == "연결할 수 없습니다")
        try await store.recordPoll(feed.id, at: noon.addingTimeInterval(60), error: nil)
        let polled = try #require(try await store.source(feed.id))
        #expect(polled.polledAt == noon.addingTimeInterval(60) && polled.pollError == nil)
    }

    @Test("items: kept whole, a newer version updates, the same or an older one changes nothing", arguments: StorageBackend.allCases)
    func versions(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let partner = try await store.addSource(name: "파트너통신", feedURL: nil, keyHash: "k1", at: noon)
        let other = try await store.addSource(name: "가람뉴스", feedURL: nil, keyHash: "k2", at: noon)
        var content = IncomingContent(
            guid: "urn:partner:1", version: 2, format: .ninjs, headline: "항만 노조 협상 타결", subheadline: "임금 4% 인상",
            bodyHTML: "<p>본문 '따옴표' \"겹따옴표\"</p>", byline: "제임스 리", dateline: "워싱턴", link: "https://partner.example/1",
            photos: [IncomingPhoto(url: "https://img.example/1.jpg", caption: "부두", credit: "파트너 사진부")],
            sentAt: noon.addingTimeInterval(0.0004), embargoUntil: noon.addingTimeInterval(3600))
        let (first, created) = try await store.receive(content, from: partner.id, at: noon)
        #expect(created == .created && first.version == 2 && first.receivedAt == noon)
        #expect(try await store.incomingItem(first.id) == first, "read back exactly as received")

        let (_, same) = try await store.receive(content, from: partner.id, at: noon.addingTimeInterval(5))
        #expect(same == .unchanged)
        content.version = 1
        content.headline = "옛 판"
        let (_, stale) = try await store.receive(content, from: partner.id, at: noon.addingTimeInterval(6))
        #expect(stale == .stale)
        content.version = 3
        content.headline = "항만 노조 협상 타결 (종합)"
        content.photos = []
        let (updated, outcome) = try await store.receive(content, from: partner.id, at: noon.addingTimeInterval(10))
        #expect(outcome == .updated && updated.id == first.id && updated.version == 3)
        let kept = try #require(try await store.incomingItem(first.id))
        #expect(kept.content.headline == "항만 노조 협상 타결 (종합)" && kept.content.photos.isEmpty)
        #expect(kept.receivedAt == noon && kept.updatedAt == noon.addingTimeInterval(10))

        // The same GUID from another source is another item.
        let (elsewhere, fresh) = try await store.receive(content, from: other.id, at: noon.addingTimeInterval(20))
        #expect(fresh == .created && elsewhere.id != first.id)
        #expect(try await store.incomingItems(source: nil, offset: 0, limit: 10).map(\.id) == [elsewhere.id, first.id], "recent first")
        #expect(try await store.incomingItems(source: partner.id, offset: 0, limit: 10).map(\.id) == [first.id])
        #expect(try await store.incomingItems(source: nil, offset: 1, limit: 10).map(\.id) == [first.id])

        try await store.markWrittenUp(first.id, as: ArticleID(rawValue: 42))
        content.version = 4
        let (afterDraft, _) = try await store.receive(content, from: partner.id, at: noon.addingTimeInterval(30))
        #expect(afterDraft.article == ArticleID(rawValue: 42), "a new version keeps the link to the draft")
        #expect(try await store.incomingItem(first.id)?.article == ArticleID(rawValue: 42))
        await #expect(throws: BylineError.notFound) { try await store.markWrittenUp(IncomingItemID(rawValue: 999), as: ArticleID(rawValue: 1)) }
    }

    @Test("feed items carry no version: changed content is the next one", arguments: StorageBackend.allCases)
    func feedVersions(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let feed = try await store.addSource(name: "가람뉴스", feedURL: "http://127.0.0.1:9/rss", keyHash: "k", at: noon)
        var entry = IncomingContent(guid: "https://garam.example/1", version: nil, format: .rss, headline: "첫 제목", bodyHTML: "<p>a</p>")
        #expect(try await store.receive(entry, from: feed.id, at: noon).0.version == 1)
        #expect(try await store.receive(entry, from: feed.id, at: noon).1 == .unchanged, "polled again, nothing changed")
        entry.headline = "고친 제목"
        let (changed, outcome) = try await store.receive(entry, from: feed.id, at: noon)
        #expect(outcome == .updated && changed.version == 2)
    }

    @Test("two receipts of one new item at once keep one row", arguments: StorageBackend.allCases)
    func concurrentReceipts(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let partner = try await store.addSource(name: "파트너통신", feedURL: nil, keyHash: "k", at: noon)
        let content = IncomingContent(guid: "dup", version: 1, format: .ninjs, headline: "같은 항목", bodyHTML: "")
        let outcomes = try await withThrowingTaskGroup(of: ReceiveOutcome.self) { group in
            for _ in 0..<6 { group.addTask { try await store.receive(content, from: partner.id, at: noon).1 } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .created }.count == 1)
        #expect(try await store.incomingItems(source: partner.id, offset: 0, limit: 10).count == 1)
    }
}
