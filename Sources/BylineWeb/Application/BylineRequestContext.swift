import Hummingbird
import Logging

/// The request context every route receives.
public struct BylineRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The query string, decoded and validated by `RequestGuard`.
    var query = QueryParameters()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// The request id Hummingbird put in the logger, echoed to the reader on error pages.
    var requestID: String {
        logger[metadataKey: "hb.request.id"]?.description ?? "-"
    }
}
