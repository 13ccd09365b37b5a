import BylineCore
import Foundation
import Testing

/// What the newsroom's dashboard reads, on every backend.
@Suite("Storage contract: the dashboard's figures")
struct DashboardContractTests {
    @Test("most viewed, hourly series and views by section over a span of hours, all or one reporter's; production with wire copy marked",
          arguments: StorageBackend.allCases)
    func figures(_ backend: StorageBackend) async throws {
        let fixture = try await NewsroomFixture(store: backend.makeStore())
        let store = fixture.store
        let noon = NewsroomFixture.noon
        let hour = viewHour(of: noon)
        let a = try await fixture.publish("시청 앞 광장 개방", minutes: -120)
        let b = try await fixture.publish("금리 동결", minutes: -60, section: "economy", authors: [NewsroomFixture.reporterB.email])
        let c = try await fixture.publish("지하철 연장 운행", minutes: -30, authors: [NewsroomFixture.reporterA.email, NewsroomFixture.reporterB.email])
        try await store.recordViews([a: 5, b: 2], at: noon.addingTimeInterval(-3600))
        try await store.recordViews([a: 1, b: 7, c: 3], at: noon)
        let reporters = try await store.reporters(emails: [NewsroomFixture.reporterA.email, NewsroomFixture.reporterB.email])
        let gildong = try #require(reporters.first { $0.email == NewsroomFixture.reporterA.email }?.id)

        let top = try await store.mostViewed(hours: (hour - 1)..<(hour + 1), reporter: nil, limit: 10)
        #expect(top.map(\.id) == [b, a, c] && top.map(\.views) == [9, 6, 3])
        #expect(top.first?.headline == "금리 동결")
        #expect(try await store.mostViewed(hours: hour..<(hour + 1), reporter: nil, limit: 2).map(\.id) == [b, c])
        #expect(try await store.mostViewed(hours: (hour - 1)..<(hour + 1), reporter: gildong, limit: 10).map(\.id) == [a, c])

        let series = try await store.hourlyViews([a, c], hours: (hour - 24)..<(hour + 1))
        #expect(series == [a: [hour - 1: 5, hour: 1], c: [hour: 3]])

        let sections = try await store.sectionViews(hours: (hour - 1)..<(hour + 1), reporter: nil)
        let seoul = try #require(top.first { $0.id == a }?.sectionID)
        let economy = try #require(top.first { $0.id == b }?.sectionID)
        #expect(sections == [seoul: 9, economy: 9])
        #expect(try await store.sectionViews(hours: (hour - 1)..<(hour + 1), reporter: gildong) == [seoul: 9])

        // Production: what was published in the span, with its authors; wire copy marked.
        let source = try await store.addSource(name: "파트너통신", feedURL: nil, keyHash: "k", at: noon)
        let (item, _) = try await store.receive(
            IncomingContent(guid: "g", version: 1, format: .ninjs, headline: "h", bodyHTML: ""), from: source.id, at: noon)
        try await store.markWrittenUp(item.id, as: c)
        let produced = try await store.produced(from: noon.addingTimeInterval(-3 * 3600), to: noon, reporter: nil)
        #expect(produced.map(\.id) == [a, b, c])
        #expect(produced.map(\.fromWire) == [false, false, true])
        #expect(produced.last?.authors.count == 2 && produced.last?.authors.first == gildong)
        #expect(produced.first?.kind == .article && produced.first?.publishedAt == noon.addingTimeInterval(-7200))
        #expect(try await store.produced(from: noon.addingTimeInterval(-90 * 60), to: noon, reporter: gildong).map(\.id) == [c])
    }
}
