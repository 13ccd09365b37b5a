import Hummingbird

/// Endpoints for operators and load balancers.
struct OperationsController {
    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.get("/healthz", use: healthz)
        return routes
    }

    /// Alive: the process is up and serving requests.
    @Sendable func healthz(_ request: Request, context: BylineRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }
}
