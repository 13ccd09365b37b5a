import BylineCore
import BylineDemo
import BylineSQLite
import Foundation

/// The demo newsroom a fresh `byline serve` starts with, in an in-memory SQLite store at a
/// fixed "now", so that every run measures the same 70 original Korean articles.
public struct DemoCorpus: Sendable {
    /// 2024-10-10T09:00:00Z, 18:00 in Seoul.
    public static let now = Date(timeIntervalSince1970: 1_728_550_800)

    public let store: SQLiteNewsStore
    /// Every demo article, newest first.
    public let articles: [Article]

    public init() async throws {
        let store = try SQLiteNewsStore.inMemory()
        // The demo pictures are written to disk; no benchmark reads them, so they go at once.
        let media = FileManager.default.temporaryDirectory.appendingPathComponent("byline-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: media) }
        try await DemoNewsroom.seed(into: store, mediaDirectory: media, now: Self.now)
        let ids = try await store.articles(.latest, page: PageRequest(limit: 100), asOf: Self.now).items.map(\.id)
        self.store = store
        self.articles = try await store.articles(ids, asOf: Self.now)
    }

    /// The article with the longest body: the most work for the tokenizer and the renderer.
    public func longestArticle() throws -> Article {
        guard let article = articles.max(by: { $0.body.utf8.count < $1.body.utf8.count }) else {
            throw FixtureError("the demo newsroom has no articles")
        }
        return article
    }
}

/// A fixture that could not be built: the benchmark stops with this message.
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
