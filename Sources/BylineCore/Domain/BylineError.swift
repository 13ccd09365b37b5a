import Foundation

/// Errors the domain and storage raise; the web layer maps each to a status in one place.
public enum BylineError: Error, Equatable, Sendable {
    /// The thing asked for does not exist or is not public.
    case notFound
    /// The article was killed (withdrawn for good) at this time: 410, never its text.
    case gone(killedAt: Date)
    /// The request itself is malformed; the text is a Korean explanation for the reader.
    case invalidInput(String)
    /// A backing service (the database) cannot answer right now; try again later.
    case unavailable
    /// The person is known but may not do this; the text says why, in Korean.
    case forbidden(String)
    /// Too many attempts (sign-ins); the next may come after this many seconds.
    case tooManyAttempts(retryAfter: Int)
    /// No valid credentials (an API request without a good bearer token).
    case unauthorized
    /// Someone saved the article since this version was read: nothing was overwritten.
    case conflict(currentVersion: Int)
    /// A workflow step found the article in a state it cannot start from, because someone
    /// moved it since it was read (two editors at once): nothing was written.
    case statusChanged(ArticleStatus)
    /// A conditional write named no version it read (RFC 6585's 428): nothing was written.
    case versionRequired
    /// Fields a form or JSON body got wrong, each with a Korean message.
    case invalidFields([FieldProblem])
}

/// One field's problem, for forms (shown beside the field) and problem+json (`errors`).
public struct FieldProblem: Hashable, Sendable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A storage backend's failure. `detail` may name tables or SQL and goes to the log
/// only; readers see a Korean 503 page (transient) or 500 page (anything else).
public struct StorageError: Error, CustomStringConvertible, Sendable {
    /// True when retrying later may succeed: the database is busy, locked, unreachable or full.
    public let isTransient: Bool
    public let detail: String

    public init(isTransient: Bool, detail: String) {
        self.isTransient = isTransient
        self.detail = detail
    }

    public var description: String { detail }
}
