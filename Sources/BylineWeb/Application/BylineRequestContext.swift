import Hummingbird
import Logging

/// The request context every route receives.
public struct BylineRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The query string, decoded and validated by `RequestGuard`.
    var query = QueryParameters()

    /// The peer's IP address, for per-client limits such as sign-in throttling.
    let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The request id Hummingbird put in the logger, echoed to the reader on error pages.
    var requestID: String {
        logger[metadataKey: "hb.request.id"]?.description ?? "-"
    }
}
