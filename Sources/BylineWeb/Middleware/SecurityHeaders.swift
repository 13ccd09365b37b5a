import HTTPTypes
import Hummingbird

/// Security headers on every response, pages, errors, files and API answers alike.
///
/// The policy allows no inline script or style: the only script is the editor's own
/// file, JSON-LD is data, not script, and photos may come from https sources (imports).
struct SecurityHeaders: RouterMiddleware {
    typealias Context = BylineRequestContext
    /// HSTS is only sent when readers reach the site over https.
    let https: Bool

    static let contentSecurityPolicy = [
        "default-src 'self'", "img-src 'self' https:", "style-src 'self'", "script-src 'self'", "object-src 'none'",
        "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// Built (and validated) once: appending ready fields costs far less than setting
    /// values, which are checked character by character every time (measured in perf).
    static let fields: [HTTPField] = [
        HTTPField(name: .contentSecurityPolicy, value: contentSecurityPolicy),
        HTTPField(name: .xContentTypeOptions, value: "nosniff"),
        HTTPField(name: .referrerPolicy, value: "strict-origin-when-cross-origin"),
        HTTPField(name: .xFrameOptions, value: "DENY"),
    ]
    static let hsts = HTTPField(name: .strictTransportSecurity, value: "max-age=31536000; includeSubDomains")

    /// The fields every answer carries, HSTS included where readers come over https.
    static func fields(https: Bool) -> [HTTPField] {
        https ? fields + [hsts] : fields
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers.append(contentsOf: Self.fields)
        if https { response.headers.append(Self.hsts) }
        return response
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy: HTTPField.Name = named("Content-Security-Policy")
    static let xContentTypeOptions: HTTPField.Name = named("X-Content-Type-Options")
    static let referrerPolicy: HTTPField.Name = named("Referrer-Policy")
    static let xFrameOptions: HTTPField.Name = named("X-Frame-Options")
    static let strictTransportSecurity: HTTPField.Name = named("Strict-Transport-Security")
}
