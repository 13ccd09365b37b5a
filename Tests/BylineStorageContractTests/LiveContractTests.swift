import BylineCore
import Foundation
import Testing

/// Live coverage, on every backend.
@Suite("Storage contract: live coverage")
struct LiveContractTests {
    let noon = NewsroomFixture.noon

    func published(_ store: any NewsroomBackend, by user: User) async throws -> ArticleID {
        let id = try await store.createDraft(
            ArticleDocument(
                headline: "개표 상황 실시간", body: "개표가 시작됐다.", section: SectionPath("society")!,
                authors: [Byline(name: NewsroomFixture.reporterA.name, email: NewsroomFixture.reporterA.email)], publishedAt: nil),
            embargoUntil: nil, by: user, at: noon)
        try await store.publish(id, by: user, at: noon)
        return id
    }

    @Test("entries are numbered in one sequence with corrections and pins; a stream resumes after a number; the end is final",
          arguments: StorageBackend.allCases)
    func coverage(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await store.addUser(
            NewUser(email: "desk@byline.test", name: "데스크", role: .editor, passwordHash: "$2b$12$fixture"), at: noon)
        let id = try await published(store, by: user)
        #expect(try await store.liveCoverage(id, after: 0) == nil)
        await #expect(throws: BylineError.self) {
            _ = try await store.addLiveEntry(id, NewLiveEntry(kind: .text, body: "시작 전"), by: user, at: noon)
        }
        try await store.startLive(id, by: user, at: noon)
        await #expect(throws: BylineError.self) { try await store.startLive(id, by: user, at: noon) }

        let first = try await store.addLiveEntry(id, NewLiveEntry(kind: .text, body: "투표율 60%"), by: user, at: noon.addingTimeInterval(60))
        let quote = try await store.addLiveEntry(
            id, NewLiveEntry(kind: .quote, body: "끝까지 지켜보겠다", source: "후보 A", isPinned: true), by: user, at: noon.addingTimeInterval(120))
        #expect((first.sequence, quote.sequence) == (1, 2))
        try await store.editLiveEntry(id, entry: first.id, .correct("투표율 61%"), by: user, at: noon.addingTimeInterval(180))
        let all = try #require(try await store.liveCoverage(id, after: 0))
        #expect(all.sequence == 3 && all.isLive)
        #expect(all.entries.map(\.body) == ["끝까지 지켜보겠다", "투표율 61%"], "newest first")
        #expect(all.entries.last?.correctedAt == noon.addingTimeInterval(180))
        #expect(all.entries.first?.source == "후보 A" && all.entries.first?.isPinned == true)
        let resumed = try #require(try await store.liveCoverage(id, after: 2))
        #expect(resumed.entries.map(\.id) == [first.id], "only what changed after 2: the correction")
        #expect(try await store.liveCoverage(id, after: .max)?.entries.isEmpty == true)
        #expect(try await store.ongoingLive().map(\.id) == [id])
        #expect(try await store.ongoingLive().first?.entryCount == 2)

        try await store.endLive(id, by: user, at: noon.addingTimeInterval(240))
        let ended = try #require(try await store.liveCoverage(id, after: 3))
        #expect(ended.endedAt == noon.addingTimeInterval(240) && ended.sequence == 4 && ended.entries.isEmpty)
        await #expect(throws: BylineError.self) {
            _ = try await store.addLiveEntry(id, NewLiveEntry(kind: .text, body: "끝난 뒤"), by: user, at: noon)
        }
        // A correction still reaches readers after the end.
        try await store.editLiveEntry(id, entry: quote.id, .pin(false), by: user, at: noon.addingTimeInterval(300))
        #expect(try await store.liveCoverage(id, after: 4)?.entries.map(\.isPinned) == [false])
        #expect(try await store.ongoingLive().isEmpty)
        await #expect(throws: BylineError.notFound) {
            try await store.editLiveEntry(id, entry: 999_999, .pin(true), by: user, at: noon)
        }
        let actions = try await store.auditLog(id).map(\.action)
        #expect(actions.filter { $0 == .liveEntry }.count == 4 && actions.contains(.goLive) && actions.contains(.endLive))

        // Only a published article goes live.
        let draft = try await store.createDraft(
            ArticleDocument(headline: "초안", body: "본문", section: SectionPath("society")!,
                            authors: [Byline(name: NewsroomFixture.reporterA.name, email: NewsroomFixture.reporterA.email)], publishedAt: nil),
            embargoUntil: nil, by: user, at: noon)
        await #expect(throws: BylineError.statusChanged(.draft)) { try await store.startLive(draft, by: user, at: noon) }
    }
}
