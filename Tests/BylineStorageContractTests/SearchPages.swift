import BylineCore
import Foundation

extension ReaderStore {
    /// A page of search results as list summaries, as the search page shows them: the
    /// found ids, then those articles whole.
    func search(_ request: SearchRequest, asOf now: Date) async throws -> Page<ArticleSummary> {
        let found = try await searchIDs(request, asOf: now)
        let articles = try await articles(found.items, asOf: now)
        return Page(items: articles.map(ArticleSummary.init), next: found.next)
    }
}
