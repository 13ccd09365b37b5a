import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird
import HummingbirdCore

/// The public, read-only Content API under `/api/v1`: articles with filters and cursors,
/// one article (also as ninjs 2.2 or a NewsML-G2 NewsItem), and the section tree. Errors are problem+json (see `ErrorBoundary`).
struct ContentAPIController {
    let site: SiteContext
    /// The OpenAPI document, read at start-up.
    let openAPIDocument: ByteBuffer
    static let defaultLimit = 20

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.page("/api/v1/articles", kind: .api, policy: .list, site.pages, use: list)
        routes.page("/api/v1/articles/:id", kind: .api, policy: .list, site.pages, use: show)
        routes.page("/api/v1/sections", kind: .api, policy: .list, site.pages, use: sections)
        routes.page("/api/v1/kills", kind: .api, policy: .list, site.pages, use: kills)
        routes.get("/api/v1/openapi.json", use: openAPI)
        for path in ["/api/v1/articles", "/api/v1/articles/:id", "/api/v1/sections", "/api/v1/kills", "/api/v1/openapi.json"] {
            routes.refuseWrites(RouterPath(path))
        }
        return routes
    }

    @Sendable func list(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let tree = await site.sections.current()
        let limit = try Self.limit(from: context.query)
        guard let listing = try Self.listing(from: context.query, tree: tree) else {
            return try site.json(APIPage<APIArticle>(itemsKey: "articles", items: [], nextCursor: nil, next: nil), keys: [SurrogateKeys.apiArticles])
        }
        let now = site.clock.now
        let page = try await site.store.articles(listing, page: pageRequest(context, kind: .time, limit: limit), asOf: now)
        let articles = try await site.store.articles(page.items.map(\.id), asOf: now)
        let chains = try await site.store.storyChains(of: page.items.map(\.id), asOf: now)
        let next = page.next.map { cursor in
            site.absolute(Self.nextPath(request.uri, cursor: cursor))
        }
        let body = APIPage(
            itemsKey: "articles", items: articles.map { APIArticle($0, chain: chains[$0.id], site: site, tree: tree) },
            nextCursor: page.next?.token, next: next)
        return try site.json(body, keys: [SurrogateKeys.apiArticles])
    }

    @Sendable func show(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        guard let id = context.parameters.get("id").flatMap(ArticleID.init) else { throw BylineError.notFound }
        guard let article = try await site.store.article(id, asOf: site.clock.now) else {
            if let kill = try await site.store.killNotice(id) { throw BylineError.gone(killedAt: kill.killedAt) }
            throw BylineError.notFound
        }
        let tree = await site.sections.current()
        let chain = try await site.store.storyChain(of: id, asOf: site.clock.now)
        switch context.query["format"] {
        case nil, "byline":
            return try site.json(APIArticle(article, chain: chain, site: site, tree: tree), keys: [SurrogateKeys.article(id)])
        case "ninjs": return try site.json(Ninjs(article, chain: chain, site: site, tree: tree), keys: [SurrogateKeys.article(id)])
        case "newsml":
            let item = NewsMLItem(article: article, chain: chain, wire: nil, site: site, tree: tree)
            return site.xml(item.xml, contentType: NewsMLItem.contentType, keys: [SurrogateKeys.article(id)])
        default: throw BylineError.invalidInput("format은 byline, ninjs 또는 newsml이어야 합니다.")
        }
    }

    /// Killed articles, the latest kill first: clients that copied an article learn here to
    /// take it down, with when and why.
    @Sendable func kills(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let limit = try Self.limit(from: context.query)
        let page = try await site.store.kills(page: pageRequest(context, kind: .time, limit: limit))
        let next = page.next.map { site.absolute(Self.nextPath(request.uri, cursor: $0)) }
        let body = APIPage(itemsKey: "kills", items: page.items.map { APIKill($0, site: site) }, nextCursor: page.next?.token, next: next)
        return try site.json(body, keys: [SurrogateKeys.apiKills])
    }

    @Sendable func sections(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let tree = await site.sections.current()
        struct Sections: Encodable { let sections: [APISection] }
        return try site.json(
            Sections(sections: tree.topLevel.map { APISection($0, tree: tree, site: site) }), keys: [SurrogateKeys.sections])
    }

    @Sendable func openAPI(_ request: Request, context: BylineRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: openAPIDocument))
    }

    /// Reads the filters; each malformed one is a 400 naming the parameter, and `nil` means
    /// that nothing can match (a tag no article could carry).
    static func listing(from query: QueryParameters, tree: SectionTree) throws -> ArticleListing? {
        // Clients take every version of a story: each carries its `chain`.
        var listing = ArticleListing(allVersions: true)
        // An empty parameter, as an HTML form sends it, means no filter.
        if let text = query["section"], !text.isEmpty {
            // A section that does not exist is a missing resource, as its page would be.
            guard let path = SectionPath(text), let section = tree.section(at: path) else { throw BylineError.notFound }
            listing.sections = tree.subtree(of: section.id)
        }
        if let text = query["reporter"], !text.isEmpty {
            guard let id = ReporterID(text) else { throw BylineError.invalidInput("reporter: 기자 번호는 양의 정수여야 합니다.") }
            listing.reporter = id
        }
        if let text = query["breaking"], !text.isEmpty {
            guard let breaking = Bool(text) else { throw BylineError.invalidInput("breaking: true 또는 false여야 합니다.") }
            listing.breakingOnly = breaking
        }
        listing.since = try query["since"].map { try instant($0, parameter: "since") }
        listing.until = try query["until"].map { try instant($0, parameter: "until") }
        // Last, so that a tag no article could carry does not hide a malformed parameter after it.
        if let text = query["tag"], !text.isEmpty {
            guard let tag = Tag(text) else { return nil }
            listing.tag = tag
        }
        return listing
    }

    static func limit(from query: QueryParameters) throws -> Int {
        guard let text = query["limit"] else { return defaultLimit }
        guard let limit = Int(text), (1...100).contains(limit) else {
            throw BylineError.invalidInput("limit: 1부터 100 사이의 정수여야 합니다.")
        }
        return limit
    }

    /// RFC 3339 instants, with or without fractional seconds.
    static func instant(_ text: String, parameter: String) throws -> Date {
        guard let date = RFC3339.date(from: text) else {
            throw BylineError.invalidInput("\(parameter): 2024-10-10T16:23:00+09:00 같은 RFC 3339 시각이어야 합니다.")
        }
        return date
    }

    /// The same request with `cursor` replaced, so the next page keeps every filter.
    static func nextPath(_ uri: URI, cursor: PageCursor) -> String {
        let kept = (uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("cursor=") }
        return uri.path + "?" + (kept + ["cursor=\(cursor.token)"]).joined(separator: "&")
    }
}

extension ContentAPIController {
    /// Loads the OpenAPI document shipped with the module; its absence stops the start.
    static func loadOpenAPIDocument() throws -> ByteBuffer {
        guard let file = bundledDirectory("api")?.appendingPathComponent("openapi.json"),
              let data = try? Data(contentsOf: file)
        else { throw StartupError("api/openapi.json is missing from the module's resources") }
        return ByteBuffer(bytes: data)
    }
}
