import BylineCore
import Hummingbird

/// Counts a view for every article page served, from the cache or not: it sits in
/// front of the page cache, which would otherwise hide reads from the most-read lists.
/// A reader's reloads count once (ViewRecorder), by the address ClientAddressing found.
struct ViewCounting: RouterMiddleware {
    typealias Context = BylineRequestContext
    let views: ViewRecorder

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response = try await next(request, context)
        let path = request.uri.path
        if request.method == .get, response.status == .ok || response.status == .notModified, path.hasPrefix("/news/"),
           let id = ArticleID(path.dropFirst("/news/".count)) {
            let client = context.clientAddress
            views.record(id, client: client == BylineRequestContext.unknownAddress ? nil : client)
        }
        return response
    }
}
