/// A value of the Redis serialization protocol (RESP2).
public enum RESPValue: Hashable, Sendable {
    case simpleString(String)
    case error(String)
    case integer(Int64)
    /// `nil` is the null bulk string (`$-1`).
    case bulkString([UInt8]?)
    /// `nil` is the null array (`*-1`).
    case array([RESPValue]?)

    /// The value as text, for replies that carry one.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes?): String(decoding: bytes, as: UTF8.self)
        case .integer(let number): String(number)
        default: nil
        }
    }

    public var integer: Int64? {
        switch self {
        case .integer(let number): number
        case .bulkString(let bytes?): Int64(String(decoding: bytes, as: UTF8.self))
        default: nil
        }
    }
}

/// Why a Redis call failed. Callers treat every case the same way: Redis is an
/// accelerator, so a failure means "do without it this time".
public enum RedisError: Error, Hashable, Sendable {
    /// No connection could be made within the connect timeout.
    case connectFailed
    /// No reply within the command timeout; the connection is dropped.
    case timeout
    /// The connection closed with the command unanswered.
    case connectionClosed
    /// The reply could not be parsed; the connection is dropped.
    case protocolViolation
    /// Redis answered with an error reply (`-ERR ...`).
    case server(String)
    /// The circuit breaker is open: Redis failed recently and is not being called.
    case unavailable
}
