import BylineCore
import Hummingbird

/// Counts a view for every article page served, from the cache or not: it sits in
/// front of the page cache, which would otherwise hide reads from the most-read lists.
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
            views.record(id)
        }
        return response
    }
}
