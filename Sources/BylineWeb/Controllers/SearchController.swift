import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// Korean-aware search: the page at `/search` and the JSON at `/api/v1/search`.
struct SearchController {
    let site: SiteContext
    static let pageSize = 20

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.page("/search", kind: .search, policy: .list, site.pages, use: page)
        routes.page("/api/v1/search", kind: .api, policy: .list, site.pages, use: api)
        routes.refuseWrites("/api/v1/search")
        return routes
    }

    /// The page never answers a bad query with an error page: the reader keeps the form
    /// and gets a Korean explanation instead.
    @Sendable func page(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let tree = await site.sections.current()
        let text = context.query["q"] ?? ""
        let sectionPath = context.query["section"].flatMap(SectionPath.init)
        let reporter = context.query["reporter"].flatMap(ReporterID.init)
        let from = context.query["from"].flatMap(KoreanDay.init)
        let to = context.query["to"].flatMap(KoreanDay.init)
        var order = context.query["sort"].flatMap(SearchOrder.init) ?? .relevance

        var results: [SearchPage.Result] = []
        var message: String?
        var next: PageCursor?
        var suggestions: [LinkView] = []
        let hasQuery = !text.allSatisfy(\.isWhitespace)
        if hasQuery {
            do {
                let query = try SearchQuery(text)
                if query.isBroadPrefix { order = .newest }
                var filters = ArticleListing()
                if let path = sectionPath, let section = tree.section(at: path) { filters.sections = tree.subtree(of: section.id) }
                filters.reporter = reporter
                filters.since = from?.start
                filters.until = to?.end
                let page = try await site.store.searchIDs(
                    SearchRequest(query: query, filters: filters, order: order,
                                  page: try pageRequest(context, kind: order == .relevance ? .score : .time, limit: Self.pageSize)),
                    asOf: site.clock.now)
                results = try await self.results(page.items, query: query, tree: tree)
                next = page.next
                if results.isEmpty, query.words.count > 1 {
                    suggestions = query.words.map { LinkView(name: $0, url: "/search?q=\(percentEncode($0))") }
                }
            } catch let BylineError.invalidInput(explanation) {
                message = explanation
            } catch let refusal as StorageRefusal {
                message = refusal.explanation
            }
        }
        let path = "/search?" + [
            ("q", text), ("section", sectionPath?.description ?? ""), ("reporter", reporter?.description ?? ""),
            ("from", from?.description ?? ""),
            ("to", to?.description ?? ""),
        ].filter { !$0.1.isEmpty }.map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
        let view = SearchPage(
            layout: try await site.layout(title: hasQuery ? "\(text) 검색" : "기사 검색", path: path, tree: tree),
            query: text, hasQuery: hasQuery, message: message, results: results, suggestions: suggestions,
            sections: tree.sections.compactMap { section in
                tree.path(of: section.id).map {
                    LinkView(name: tree.lineage(of: section.id).map(\.name).joined(separator: " > "), url: $0.description,
                             isCurrent: $0 == sectionPath)
                }
            },
            sortOptions: SearchOrder.allCases.map {
                LinkView(name: $0 == .relevance ? "정확도순" : "최신순", url: path + "&sort=\($0.rawValue)", isCurrent: $0 == order)
            },
            reporter: reporter?.description, from: from?.description ?? "", to: to?.description ?? "",
            moreURL: Links.more(path + (order == .newest ? "&sort=newest" : ""), cursor: next))
        return try site.page(view, template: "search", keys: [SurrogateKeys.search])
    }

    /// The same search as JSON; here a bad query is a problem+json 400.
    @Sendable func api(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let tree = await site.sections.current()
        let query = try SearchQuery(context.query["q"] ?? "")
        var order: SearchOrder
        switch context.query["sort"] {
        case nil, "": order = .relevance
        case let text?:
            guard let parsed = SearchOrder(rawValue: text) else { throw BylineError.invalidInput("sort: relevance 또는 newest여야 합니다.") }
            order = parsed
        }
        if query.isBroadPrefix { order = .newest }
        guard let filters = try ContentAPIController.listing(from: context.query, tree: tree) else {
            return try site.json(
                APIPage<SearchResult>(itemsKey: "results", items: [], nextCursor: nil, next: nil), keys: [SurrogateKeys.search])
        }
        let limit = try ContentAPIController.limit(from: context.query)
        let page = try await site.store.searchIDs(
            SearchRequest(query: query, filters: filters, order: order,
                          page: try pageRequest(context, kind: order == .relevance ? .score : .time, limit: limit)),
            asOf: site.clock.now)
        let (articles, chains) = try await articlesAndChains(page.items)
        let highlighter = SearchHighlighter(query)
        let results = StoryChain.newestVersionsFirst(articles, id: \.id, chains: chains).map { article in
            SearchResult(
                article: APIArticle(article, chain: chains[article.id], site: site, tree: tree), headlineHTML: highlighter.mark(article.headline),
                snippetHTML: highlighter.snippet(article.body))
        }
        return try site.json(APIPage(
            itemsKey: "results", items: results, nextCursor: page.next?.token,
            next: page.next.map { site.absolute(ContentAPIController.nextPath(request.uri, cursor: $0)) }),
            keys: [SurrogateKeys.search])
    }

    private func results(_ found: [ArticleID], query: SearchQuery, tree: SectionTree) async throws -> [SearchPage.Result] {
        let (articles, chains) = try await articlesAndChains(found)
        let highlighter = SearchHighlighter(query)
        return StoryChain.newestVersionsFirst(articles, id: \.id, chains: chains).map { article in
            SearchPage.Result(
                card: CardView(ArticleSummary(article), tree: tree), headlineHTML: highlighter.mark(article.headline),
                snippetHTML: highlighter.snippet(article.body))
        }
    }

    /// The found articles in full and their story chains, read at once (two round trips to
    /// PostgreSQL in the time of one); the chains only reorder the articles.
    private func articlesAndChains(_ ids: [ArticleID]) async throws -> ([Article], [ArticleID: StoryChain]) {
        let now = site.clock.now
        async let chains = site.store.storyChains(of: ids, asOf: now)
        let articles = try await site.store.articles(ids, asOf: now)
        return (articles, try await chains)
    }
}

/// One result of the search API: the article and where the query matched.
struct SearchResult: Encodable {
    let article: APIArticle
    let headlineHTML: String
    let snippetHTML: String
}
