import BylineCore
import Hummingbird

/// Turns away malformed URLs before any controller sees them, and parses the query
/// string once so controllers read clean values.
struct RequestGuard: RouterMiddleware {
    typealias Context = BylineRequestContext

    /// No route of the site is anywhere near this long.
    static let maxPathBytes = 1024
    static let maxQueryBytes = 2048
    /// Browsers send a few kilobytes of headers; far more is abuse, answered 431.
    static let maxHeaderBytes = 16 * 1024
    static let maxHeaderFields = 100

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let headerBytes = request.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count }
        guard headerBytes <= Self.maxHeaderBytes, request.headers.count <= Self.maxHeaderFields else {
            throw HTTPError(.requestHeaderFieldsTooLarge)
        }
        let path = request.uri.path
        guard path.utf8.count <= Self.maxPathBytes, (request.uri.query?.utf8.count ?? 0) <= Self.maxQueryBytes else {
            throw HTTPError(.uriTooLong)
        }
        // Browsers percent-encode everything outside printable ASCII; raw bytes there are broken requests.
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
              strictPercentDecode(path) != nil
        else { throw BylineError.invalidInput("주소(URL)에 쓸 수 없는 문자가 있습니다.") }

        let query = request.uri.query
        guard query?.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) ?? true
        else { throw BylineError.invalidInput("주소의 검색 조건이 너무 길거나 잘못되었습니다.") }

        var context = context
        context.query = try QueryParameters(query)
        return try await next(request, context)
    }
}
