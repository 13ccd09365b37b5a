import BylineCore
import BylineNewsroom
import Hummingbird

/// The article lists: 최신뉴스, 전체기사 by day, 속보, most-read, reporters and tags.
struct ListController {
    let site: SiteContext
    static let pageSize = 20

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.page("/latest", kind: .list, policy: .list, site.pages, use: latest)
        routes.page("/all", kind: .list, policy: .list, site.pages, use: archive)
        routes.page("/breaking", kind: .list, policy: .front, site.pages, use: breaking)
        routes.page("/popular", kind: .list, policy: .list, site.pages, use: popular)
        routes.page("/reporters/:id", kind: .list, policy: .list, site.pages, use: reporter)
        routes.page("/tags/:tag", kind: .list, policy: .list, site.pages, use: tag)
        return routes
    }

    @Sendable func latest(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        try await list(.latest, heading: "최신뉴스", path: "/latest", context: context, keys: [SurrogateKeys.latest])
    }

    @Sendable func breaking(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        try await list(
            .breaking, heading: "속보", path: "/breaking", context: context, keys: [SurrogateKeys.breaking],
            empty: "지금은 속보가 없습니다.")
    }

    /// 전체기사: one Seoul day at a time, today unless `?date=` names another.
    @Sendable func archive(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        let today = KoreanDay(containing: site.clock.now)
        var day = today
        if let text = context.query["date"] {
            guard let parsed = KoreanDay(text) else {
                throw BylineError.invalidInput("날짜는 2024-10-10처럼 연-월-일 형식의 실제 날짜여야 합니다.")
            }
            day = parsed
        }
        let path = Links.day(day)
        let tree = await site.sections.current()
        let page = try await site.store.articles(.day(day), page: pageRequest(context, kind: .time), asOf: site.clock.now)
        let view = ListPage(
            layout: try await site.layout(title: "전체기사 \(day)", path: path, tree: tree),
            heading: "전체기사 · \(day.koreanTitle)", cards: page.items.map { CardView($0, tree: tree) },
            emptyMessage: "이 날짜에 나온 기사가 없습니다.", moreURL: Links.more(path, cursor: page.next),
            previousDay: LinkView(name: "← 전날", url: Links.day(day.previous)),
            nextDay: day < today ? LinkView(name: "다음날 →", url: Links.day(day.next)) : nil)
        return try site.page(view, template: "list", keys: [SurrogateKeys.day(day)])
    }

    /// 많이 본 뉴스 over the last hour, day or week.
    @Sendable func popular(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        var window = PopularWindow.day
        if let text = context.query["window"] {
            guard let parsed = PopularWindow(rawValue: text) else {
                throw BylineError.invalidInput("기간은 1h, 24h, 7d 가운데 하나여야 합니다.")
            }
            window = parsed
        }
        let path = Links.popular(window)
        let tree = await site.sections.current()
        let page = try await site.mostRead.page(window, page: pageRequest(context, kind: .score), asOf: site.clock.now)
        let view = ListPage(
            layout: try await site.layout(title: "많이 본 뉴스", path: path, tree: tree),
            heading: "많이 본 뉴스 · 최근 \(window.koreanLabel)",
            tabs: PopularWindow.allCases.map {
                LinkView(name: $0.koreanLabel, url: Links.popular($0), isCurrent: $0 == window)
            },
            cards: page.items.map { CardView($0, tree: tree) },
            emptyMessage: "이 기간에 집계된 기사가 없습니다.", moreURL: Links.more(path, cursor: page.next))
        return try site.page(view, template: "list", keys: [SurrogateKeys.popular])
    }

    @Sendable func reporter(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        guard let id = context.parameters.get("id").flatMap(ReporterID.init),
              let reporter = try await site.store.reporter(id)
        else { throw BylineError.notFound }
        return try await list(
            .reporter(id), heading: "\(reporter.name) 기자", path: Links.reporter(id), context: context,
            keys: [SurrogateKeys.reporter(id)],
            intro: reporter.beat, email: reporter.email,
            feed: LinkView(name: "\(reporter.name) 기자", url: site.absolute(Links.reporter(id) + "/rss.xml")))
    }

    @Sendable func tag(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        guard let raw = context.parameters.get("tag"),
              let tag = strictPercentDecode(raw).flatMap(Tag.init),
              try await site.store.tagIsPublic(tag, asOf: site.clock.now)
        else { throw BylineError.notFound }
        return try await list(.tag(tag), heading: "#\(tag.name)", path: Links.tag(tag), context: context, keys: [SurrogateKeys.tag(tag)])
    }

    private func list(
        _ listing: ArticleListing, heading: String, path: String, context: BylineRequestContext, keys: Set<String>,
        empty: String = "아직 기사가 없습니다.", intro: String? = nil, email: String? = nil, feed: LinkView? = nil
    ) async throws -> RenderedPage {
        let tree = await site.sections.current()
        let page = try await site.store.articles(listing, page: pageRequest(context, kind: .time), asOf: site.clock.now)
        let view = ListPage(
            layout: try await site.layout(title: heading, description: intro ?? "", path: path, tree: tree, feed: feed),
            heading: heading, intro: intro, cards: page.items.map { CardView($0, tree: tree) },
            emptyMessage: empty, moreURL: Links.more(path, cursor: page.next), reporterEmail: email)
        return try site.page(view, template: "list", keys: keys)
    }
}

/// Reads `?cursor=`; a cursor this server did not make is the reader's mistake (400).
func pageRequest(_ context: BylineRequestContext, kind: PageCursor.Kind, limit: Int = ListController.pageSize) throws -> PageRequest {
    guard let token = context.query["cursor"], !token.isEmpty else { return PageRequest(limit: limit) }
    guard let cursor = PageCursor(token: token, kind: kind) else {
        throw BylineError.invalidInput("더보기 위치 정보(cursor)가 올바르지 않습니다. 목록 첫 페이지에서 다시 시작해 주세요.")
    }
    return PageRequest(after: cursor, limit: limit)
}
