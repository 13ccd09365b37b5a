import BylineCore
import Foundation
import Testing

/// Story chains (속보 → 2보 → 종합), on every backend.
@Suite("Storage contract: story chains")
struct ChainContractTests {
    let noon = NewsroomFixture.noon

    func document(_ headline: String) -> ArticleDocument {
        ArticleDocument(
            headline: headline, body: "\(headline) 본문에 든 낱말 연쇄보도.", section: SectionPath("society/seoul")!,
            authors: [Byline(name: NewsroomFixture.reporterA.name, email: NewsroomFixture.reporterA.email)],
            tags: [Tag("연쇄")!], publishedAt: nil)
    }

    func editor(in store: any NewsroomBackend) async throws -> User {
        try await store.addUser(
            NewUser(email: "desk@byline.test", name: "데스크", role: .editor, passwordHash: "$2b$12$fixture"), at: noon)
    }

    @Test("follow-ups chain after the last version; readers see only public versions, and lists only the newest",
          arguments: StorageBackend.allCases)
    func followUps(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await editor(in: store)
        let flash = try await store.createDraft(document("시청 앞 화재"), embargoUntil: nil, by: user, at: noon)
        try await store.publish(flash, by: user, at: noon)
        #expect(try await store.draftChain(of: flash) == nil, "alone, no chain")

        let second = try await store.createFollowUp(document("시청 앞 화재 2보"), of: flash, by: user, at: noon)
        // From any published version, the next goes after the chain's last.
        let third = try await store.createFollowUp(document("시청 앞 화재 3보"), of: flash, by: user, at: noon)
        let desk = try #require(try await store.draftChain(of: second))
        #expect(desk.links.map(\.id) == [flash, second, third])
        #expect(desk.links.map(\.place.label) == ["속보", "2보", "3보"])
        #expect(desk.links.map { $0.publishedAt != nil } == [true, false, false])
        #expect(try await store.draft(third)?.status == .draft)
        #expect(try await store.auditLog(third).last?.action == .followUp)

        let later = noon.addingTimeInterval(600)
        // Only the flash is public: no chain for readers yet, and lists show it.
        #expect(try await store.storyChain(of: flash, asOf: later) == nil)
        try await store.publish(second, by: user, at: noon.addingTimeInterval(60))
        let reader = try #require(try await store.storyChain(of: flash, asOf: later))
        #expect(reader.links.map(\.id) == [flash, second], "the unpublished 3보 is left out")
        #expect(reader.isSuperseded)
        #expect(reader.newest?.id == second)
        #expect(try await store.storyChain(of: second, asOf: later)?.isSuperseded == false)
        #expect(try await store.storyChain(of: third, asOf: later) == nil, "not public")
        let batch = try await store.storyChains(of: [flash, second, third], asOf: later)
        #expect(Set(batch.keys) == [flash, second])

        // The site's lists show the newest public version; the feeds' and the API's, all.
        let latest = try await store.articles(ArticleListing(), page: PageRequest(limit: 20), asOf: later).items.map(\.id)
        #expect(latest.contains(second) && !latest.contains(flash))
        // 사회 with 서울시 below it: the ranges read section by section.
        let society = try await store.sections().filter { ["society", "seoul"].contains($0.slug) }.map(\.id)
        #expect(society.count == 2)
        let sections = try await store.articles([ListRequest(.sections(society), page: PageRequest(limit: 20))], asOf: later)
        #expect(sections[0].items.map(\.id).contains(second) && !sections[0].items.map(\.id).contains(flash))
        let everything = try await store.articles(ArticleListing(allVersions: true), page: PageRequest(limit: 20), asOf: later)
        #expect(everything.items.map(\.id).contains(flash) && everything.items.map(\.id).contains(second))
        #expect(try await store.article(flash, asOf: later) != nil, "an earlier version stays public")

        // Taken down, the 2보 gives the list back to the flash.
        try await store.unpublish(second, by: user, at: noon.addingTimeInterval(120))
        let back = try await store.articles(ArticleListing(), page: PageRequest(limit: 20), asOf: later).items.map(\.id)
        #expect(back.contains(flash))
    }

    @Test("a follow-up needs a published source; the desk moves, marks and detaches versions, and a chain of one dissolves",
          arguments: StorageBackend.allCases)
    func editing(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await editor(in: store)
        let draft = try await store.createDraft(document("초안"), embargoUntil: nil, by: user, at: noon)
        await #expect(throws: BylineError.statusChanged(.draft)) {
            _ = try await store.createFollowUp(document("초안의 후속"), of: draft, by: user, at: noon)
        }
        let killed = try await store.createDraft(document("킬된 기사"), embargoUntil: nil, by: user, at: noon)
        try await store.publish(killed, by: user, at: noon)
        try await store.kill(killed, reason: "오보", by: user, at: noon)
        await #expect(throws: BylineError.statusChanged(.killed)) {
            _ = try await store.createFollowUp(document("킬된 기사의 후속"), of: killed, by: user, at: noon)
        }
        await #expect(throws: BylineError.notFound) {
            _ = try await store.createFollowUp(document("없는 기사의 후속"), of: ArticleID(rawValue: 999_999), by: user, at: noon)
        }

        let first = try await store.createDraft(document("첫 보도"), embargoUntil: nil, by: user, at: noon)
        try await store.publish(first, by: user, at: noon)
        let second = try await store.createFollowUp(document("둘째"), of: first, by: user, at: noon)
        let third = try await store.createFollowUp(document("셋째"), of: first, by: user, at: noon)
        try await store.editChain(third, .roundup(true), by: user, at: noon)
        #expect(try await store.draftChain(of: first)?.links.map(\.place.label) == ["속보", "2보", "종합"])
        try await store.editChain(third, .move(to: 1), by: user, at: noon)
        #expect(try await store.draftChain(of: first)?.links.map(\.id) == [first, third, second])
        #expect(try await store.draftChain(of: first)?.links.map(\.place.label) == ["속보", "종합", "3보"])
        try await store.editChain(first, .move(to: 2), by: user, at: noon)
        #expect(try await store.draftChain(of: second)?.links.map(\.id) == [third, second, first])
        await #expect(throws: BylineError.self) { try await store.editChain(first, .move(to: 3), by: user, at: noon) }

        try await store.editChain(third, .detach, by: user, at: noon)
        #expect(try await store.draftChain(of: third) == nil)
        #expect(try await store.draftChain(of: first)?.links.map(\.id) == [second, first])
        try await store.editChain(first, .detach, by: user, at: noon)
        #expect(try await store.draftChain(of: second) == nil, "a chain of one is none")
        await #expect(throws: BylineError.notFound) { try await store.editChain(second, .detach, by: user, at: noon) }
        let history = try await store.auditLog(third).filter { $0.action == .editChain }.map(\.detail)
        #expect(history == ["종합으로 지정", "2번째로 옮김", "연결에서 뺌"])
        // Chained again after detaching: a new chain that starts with its source.
        let again = try await store.createFollowUp(document("다시 이어 쓴 기사"), of: first, by: user, at: noon)
        #expect(try await store.draftChain(of: again)?.links.map(\.id) == [first, again])
    }
}
