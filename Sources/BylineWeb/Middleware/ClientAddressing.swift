import Hummingbird

/// Finds the reader behind a trusted proxy before anything counts or logs the request:
/// rate limits, the sign-in throttle, the request log and view counting all use the
/// address this leaves in the context.
struct ClientAddressing: RouterMiddleware {
    typealias Context = BylineRequestContext
    let proxies: TrustedProxies

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.clientAddress = proxies.client(peer: context.clientAddress, headers: request.headers)
        return try await next(request, context)
    }
}
