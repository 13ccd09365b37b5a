import BylineCore
import Hummingbird

/// `/news/{id}/live` as the router sees it. On a running server `LiveStreamHandler` streams
/// a live article's coverage before a request gets here; what reaches the router is a
/// request it passed on: an article without coverage (404), a store that cannot answer
/// (503), a `HEAD`, or a stream request that arrived behind another request on its connection.
struct LiveController {
    let site: SiteContext

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.get("/news/:id/live", use: stream)
        routes.refuseWrites("/news/:id/live")
        return routes
    }

    /// A live article's stream, here only asking the browser to reconnect soon: its next
    /// connection starts the stream itself.
    @Sendable func stream(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let id = try context.articleID()
        guard try await site.store.article(id, asOf: site.clock.now) != nil,
              try await site.store.liveCoverage(id, after: .max) != nil
        else { throw BylineError.notFound }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: "retry: 3000\n\n")))
    }
}
