import BylineCore
import BylineDemo
import BylineSQLite
import Foundation
import Testing

@Suite("Demo newsroom")
struct DemoNewsroomTests {
    @Test("the demo fills an empty store with a whole newsroom")
    func demoContent() async throws {
        let store = try SQLiteNewsStore.inMemory()
        let media = FileManager.default.temporaryDirectory.appendingPathComponent("byline-demo-\(UUID().uuidString)")
        let now = Date()
        try await DemoNewsroom.seed(into: store, mediaDirectory: media, now: now)

        let tree = SectionTree(try await store.sections())
        #expect(tree.topLevel.count >= 6)
        #expect(tree.section(at: SectionPath("society/seoul")!)?.name == "서울시")
        #expect(tree.topLevel.allSatisfy { !tree.children(of: $0.id).isEmpty })

        var articles: [ArticleSummary] = []
        var cursor: PageCursor?
        repeat {
            let page = try await store.articles(.latest, page: PageRequest(after: cursor, limit: 50), asOf: now)
            articles += page.items
            cursor = page.next
        } while cursor != nil
        #expect(articles.count >= 60)
        #expect(Set(articles.map(\.headline)).count == articles.count, "every demo headline is different")
        let oldest = try #require(articles.last?.publishedAt)
        #expect(now.timeIntervalSince(oldest) <= 10 * 86_400)
        #expect(articles.contains { $0.isBreaking })
        #expect(articles.filter { $0.leadPhoto != nil }.count >= 20)

        var reporters = Set<String>()
        for id in 1...20 {
            if let reporter = try await store.reporter(ReporterID(rawValue: Int64(id))) { reporters.insert(reporter.email) }
        }
        #expect(reporters.count >= 8)

        // Photos exist on disk as the URLs say.
        let withPhoto = try #require(articles.first { $0.leadPhoto != nil }?.leadPhoto)
        let file = media.appendingPathComponent(String(withPhoto.url.dropFirst("/media/".count)))
        #expect(String(decoding: try Data(contentsOf: file), as: UTF8.self).hasPrefix("<svg"))

        #expect(try await !store.popular(.day, page: PageRequest(limit: 5), asOf: now).items.isEmpty)
        #expect(try await !store.popular(.hour, page: PageRequest(limit: 5), asOf: now).items.isEmpty)
    }
}
