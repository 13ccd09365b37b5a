import Hummingbird

extension RouteCollection where Context == BylineRequestContext {
    /// Answers 405 with `Allow: GET, HEAD` for every other method on a read-only path,
    /// instead of the router's 404, so clients learn the path exists but is not writable.
    func refuseWrites(_ path: RouterPath) {
        let query = HTTPRequest.Method("QUERY").map { [$0] } ?? []
        for method in [HTTPRequest.Method.post, .put, .patch, .delete, .options, .trace] + query {
            on(path, method: method) { _, _ -> Response in throw MethodNotAllowed(allowed: "GET, HEAD") }
        }
    }
}

extension RouteCollection where Context == BylineRequestContext {
    /// Answers 405 with `Allow: POST` for every other method on a path that only takes posts.
    func refuseAllButPost(_ path: RouterPath) {
        let query = HTTPRequest.Method("QUERY").map { [$0] } ?? []
        for method in [HTTPRequest.Method.get, .put, .patch, .delete, .options, .trace] + query {
            on(path, method: method) { _, _ -> Response in throw MethodNotAllowed(allowed: "POST") }
        }
    }
}
