import BylineCore
import BylineNewsroom
import Hummingbird

/// Section pages at `/section/{slug}[/{slug}...]`, listing the section and its subsections.
struct SectionController {
    let site: SiteContext
    let feeds: FeedController

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        // A section's page and its feed share the path; each keeps its own freshness.
        routes.get("/section/**") { request, context in
            let isFeed = request.uri.path.hasSuffix("/rss.xml")
            return try await site.pages.serve(
                request, route: context.endpointPath, kind: isFeed ? .feed : .section, policy: isFeed ? .document : .list
            ) {
                try await show(request, context: context)
            }
        }
        return routes
    }

    @Sendable func show(_ request: Request, context: BylineRequestContext) async throws -> RenderedPage {
        var slugs = context.parameters.getCatchAll().map(String.init)
        let wantsFeed = slugs.last == "rss.xml"
        if wantsFeed { slugs.removeLast() }
        let tree = await site.sections.current()
        guard !slugs.isEmpty, slugs.allSatisfy(SectionPath.isValidSlug),
              let section = tree.section(at: SectionPath(slugs: slugs))
        else { throw BylineError.notFound }

        if wantsFeed {
            return try await feeds.sectionFeed(section, path: SectionPath(slugs: slugs), tree: tree)
        }
        let path = Links.section(SectionPath(slugs: slugs))
        let now = site.clock.now
        let request = try pageRequest(context, kind: .time)
        // Subsection blocks only on the first page; 더보기 pages continue the main list. One read.
        let children = request.after != nil ? [] : tree.children(of: section.id).compactMap { child in
            tree.path(of: child.id).map { (section: child, path: $0) }
        }
        let lists = try await site.store.articles(
            [ListRequest(.sections(tree.subtree(of: section.id)), page: request)]
                + children.map { ListRequest(.sections(tree.subtree(of: $0.section.id)), page: PageRequest(limit: 4)) },
            asOf: now)
        let page = lists[0]
        let blocks = zip(children, lists.dropFirst()).map { child, items in
            SectionBlock(name: child.section.name, url: Links.section(child.path), cards: items.items.map { CardView($0, tree: tree) })
        }
        let lineage = tree.lineage(of: section.id)
        let view = ListPage(
            layout: try await site.layout(
                title: section.name, path: path, currentSection: section.id, tree: tree,
                feed: LinkView(name: "\(section.name) | \(site.configuration.siteName)", url: site.absolute(path + "/rss.xml"))),
            heading: section.name,
            breadcrumb: lineage.compactMap { item in tree.path(of: item.id).map { LinkView(name: item.name, url: Links.section($0)) } },
            tabs: tree.children(of: section.id).compactMap { child in
                tree.path(of: child.id).map { LinkView(name: child.name, url: Links.section($0)) }
            },
            subsectionBlocks: blocks, cards: page.items.map { CardView($0, tree: tree) },
            emptyMessage: "이 섹션에는 아직 기사가 없습니다.", moreURL: Links.more(path, cursor: page.next))
        return try site.page(view, template: "list", keys: Set(tree.subtree(of: section.id).map(SurrogateKeys.section)))
    }
}
