/// Errors the domain and storage raise; the web layer maps each to a status in one place.
public enum BylineError: Error, Equatable, Sendable {
    /// The thing asked for does not exist or is not public.
    case notFound
    /// The request itself is malformed; the text is a Korean explanation for the reader.
    case invalidInput(String)
    /// A backing service (the database) cannot answer right now; try again later.
    case unavailable
    /// The person is known but may not do this; the text says why, in Korean.
    case forbidden(String)
    /// Too many attempts (sign-ins); the next may come after this many seconds.
    case tooManyAttempts(retryAfter: Int)
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
