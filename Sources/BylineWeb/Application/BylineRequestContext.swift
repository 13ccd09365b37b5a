import BylineCore
import Hummingbird
import Logging

/// The request context every route receives.
public struct BylineRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The query string, decoded and validated by `RequestGuard`.
    var query = QueryParameters()

    /// The reader's IP address, for per-client limits, the sign-in throttle, logs and view
    /// counting: the connection's peer, or the client a trusted proxy names (ClientAddressing).
    var clientAddress: String
    /// The signed-in person, on newsroom routes (NewsroomSessions).
    var signed: SignIn.Signed?
    /// A newsroom form's fields, read once its CSRF token matched (NewsroomSessions).
    var form: FormBody?
    static let unknownAddress = "unknown"

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? Self.unknownAddress
    }

    /// The `:id` of the route as an article id; a malformed one is simply not found.
    func articleID() throws -> ArticleID {
        guard let id = parameters.get("id").flatMap(ArticleID.init) else { throw BylineError.notFound }
        return id
    }

    /// The request's id: the caller's `X-Request-Id` when sane, else one made here
    /// (RequestLogging sets it); on every log line, in the response, and on error pages.
    var requestID: String {
        logger[metadataKey: RequestLogging.metadataKey]?.description ?? logger[metadataKey: "hb.request.id"]?.description ?? "-"
    }
}
