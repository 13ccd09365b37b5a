import BylineCore
import BylineMarkup
import BylineNewsroom
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The one place errors become responses. Whatever a controller or the framework
/// throws, the reader gets a status and a Korean page in the site's layout (or a
/// problem+json body under `/api/`), the log gets the details with the request id,
/// and nothing internal (types, paths, SQL, traces) is ever shown.
struct ErrorBoundary: RouterMiddleware {
    typealias Context = BylineRequestContext
    let site: SiteContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // RequestLogging, outside this boundary, puts the request id on every answer.
        do {
            return try await next(request, context)
        } catch {
            let description = ErrorDescription(error)
            log(error, description: description, request: request, context: context)
            var response = request.uri.path.hasPrefix("/api/")
                ? problemResponse(description, request: request, context: context)
                : pageResponse(description, context: context)
            response.headers[.cacheControl] = "no-store"
            if let retryAfter = description.retryAfter {
                response.headers[.retryAfter] = String(retryAfter)
            }
            if description.status == .unauthorized {
                response.headers[.wwwAuthenticate] = "Bearer"
            }
            if let allow = description.allow {
                response.headers[.allow] = allow
            }
            return response
        }
    }

    private func log(_ error: any Error, description: ErrorDescription, request: Request, context: Context) {
        let metadata: Logger.Metadata = [
            "status": "\(description.status.code)", "path": "\(request.uri.path)", "error": "\(String(reflecting: error))",
        ]
        if description.status.code >= 500 {
            context.logger.error("request failed", metadata: metadata)
        } else {
            context.logger.info("request rejected", metadata: metadata)
        }
    }

    private func pageResponse(_ description: ErrorDescription, context: Context) -> Response {
        // The layout comes from memory only: an error page must not need the database that may have failed.
        let layout = LayoutView(
            site: site, title: description.heading, description: "", path: "/", tree: site.sections.lastKnown,
            currentRoot: nil, ticker: [], share: nil)
        let page = ErrorPage(
            layout: layout, status: description.status.code, heading: description.heading,
            message: description.message, requestID: context.requestID)
        let html = (try? site.templates.render(page, template: "error")) ?? Self.bareHTML(description)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: description.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// RFC 9457 problem details for API clients.
    private func problemResponse(_ description: ErrorDescription, request: Request, context: Context) -> Response {
        let problem = Problem(
            title: description.heading, status: description.status.code, detail: description.message,
            instance: request.uri.path, requestID: context.requestID,
            errors: description.fields.isEmpty ? nil : description.fields.map { FieldError(field: $0.field, message: $0.message) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(problem)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        return Response(status: description.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    struct Problem: Encodable {
        var type = "about:blank"
        let title: String
        let status: Int
        let detail: String
        let instance: String
        let requestID: String
        /// One entry per invalid field.
        let errors: [FieldError]?

        enum CodingKeys: String, CodingKey {
            case type, title, status, detail, instance, errors
            case requestID = "request_id"
        }
    }

    struct FieldError: Encodable {
        let field: String
        let message: String
    }

    static func bareHTML(_ description: ErrorDescription) -> String {
        """
        <!doctype html><html lang="ko"><meta charset="utf-8"><title>\(escapeHTML(description.heading))</title>
        <main><h1>\(escapeHTML(description.heading))</h1><p>\(escapeHTML(description.message))</p><p><a href="/">홈으로</a></p></main></html>
        """
    }
}

extension HTTPField.Name {
    /// Echoes the id that the logs carry, so a reader's report can be matched to a log line.
    static let requestID: HTTPField.Name = named("X-Request-Id")
}
