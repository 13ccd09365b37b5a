import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// The pull feed, `/api/v1/feed`: what a subscriber's products cover, in its format, with
/// the subscriber's key as a bearer token.
///
/// Without `since`, the newest items, newest first. With `since`, every change after that
/// cursor in the order it was made (new, updated, corrected, killed, withdrawn), so that a
/// client that was away catches up exactly: it asks again with `next_cursor` until `items`
/// comes back empty. An article appears once per change, at its newest version, with its
/// wire version; a killed or withdrawn one as a notice without its text.
struct WireFeedController: Sendable {
    static let newsMLType = "application/vnd.iptc.g2.newsitem+xml"
    /// How many changes one answer reads at most, matching or not: a subscriber whose
    /// products match little still gets an answer soon, and its cursor moves on.
    static let scanLimit = 2_000

    let site: SiteContext
    let backend: any NewsroomBackend

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.get("/api/v1/feed", use: feed)
        routes.refuseWrites(RouterPath("/api/v1/feed"))
        return routes
    }

    /// One item as the subscriber reads it: a ninjs object, or NewsML-G2 XML as a string.
    struct Answer: Encodable {
        let items: [WireItem]
        let nextCursor: String
        let format: String

        enum CodingKeys: String, CodingKey {
            case items, format
            case nextCursor = "next_cursor"
        }
    }

    @Sendable func feed(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let subscriber = try await subscriber(request)
        let limit = try ContentAPIController.limit(from: context.query)
        let since = try Self.cursor(context.query["since"])
        let newsML = Self.wantsNewsML(request.headers[.accept], format: subscriber.format)
        let products = try await backend.products().filter { subscriber.products.contains($0.id) }
        let tree = await site.sections.current()
        let now = site.clock.now

        var items: [WireItem] = []
        var cursor = since ?? 0
        var scanned = 0
        var pending: ArraySlice<WireChange> = []
        while items.count < limit, scanned < Self.scanLimit {
            if pending.isEmpty {
                // Without a cursor: the newest changes once, the first telling the newest number.
                guard since != nil || scanned == 0 else { break }
                let batch = try await backend.wireChanges(after: since == nil ? nil : cursor, limit: since == nil ? Self.scanLimit : 500)
                guard let first = batch.first else { break }
                if since == nil { cursor = first.seq }
                pending = batch[...]
            }
            // Articles are read a hundred at a time, as far as the page needs.
            let chunk = pending.prefix(100)
            pending = pending.dropFirst(chunk.count)
            scanned += chunk.count
            let articles = Dictionary(
                try await backend.wireArticles(chunk.map(\.articleID)).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for change in chunk {
                if since != nil { cursor = change.seq }
                guard let article = articles[change.articleID], let stamp = WireStamp(change, for: subscriber, at: now),
                      products.contains(where: { $0.filter.matches(article, tree: tree) })
                else { continue }
                items.append(try await WireItem.make(article, stamp: stamp, newsML: newsML, site: site, tree: tree))
                if items.count == limit { break }
            }
        }
        let answer = Answer(items: items, nextCursor: String(cursor), format: newsML ? "newsml" : "ninjs")
        var response = try AdminAPIController.json(answer, status: .ok)
        response.headers[.vary] = "Authorization, Accept"
        return response
    }

    /// The subscriber whose key is the bearer token; 401 for a missing, unknown or revoked key.
    private func subscriber(_ request: Request) async throws -> Subscriber {
        guard let hash = AdminAPIController.bearerTokenHash(request), let subscriber = try await backend.subscriber(keyHash: hash) else {
            throw BylineError.unauthorized
        }
        return subscriber
    }

    /// `since`: a cursor this feed answered (a wire number).
    static func cursor(_ text: String?) throws -> Int64? {
        guard let text else { return nil }
        guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let value = Int64(text)
        else { throw BylineError.invalidInput("since: 이 피드가 준 next_cursor 값을 보내 주세요.") }
        return value
    }

    /// Whether to answer NewsML-G2: asked for with `Accept` by a subscriber that takes both,
    /// or the only format the subscriber takes. A ninjs-only subscriber always gets ninjs.
    static func wantsNewsML(_ accept: String?, format: DistributionFormat) -> Bool {
        switch format {
        case .newsml: true
        case .both: accept?.lowercased().contains(newsMLType) ?? false
        case .ninjs: false
        }
    }
}
