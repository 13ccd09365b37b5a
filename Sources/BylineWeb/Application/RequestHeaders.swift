import NIOHTTP1

/// What a cache hit needs of a request's header fields, read in one pass over them as the
/// HTTP/1 decoder gave them, before they are converted to `HTTPFields` (a hit skips that
/// conversion; it was a seventh of a hit's instructions).
///
/// `count` and `bytes` are what `RequestGuard` counts on the converted fields: without the
/// first `Host` (it becomes the request's authority) and with `Cookie` split at each `; `.
/// Repeated fields combine as `HTTPFields`' subscript combines them.
struct RequestHeaders {
    private(set) var count = 0
    private(set) var bytes = 0
    private(set) var closes = false
    private(set) var requestID: String?
    private(set) var acceptEncoding: String?
    private(set) var referer: String?
    /// `If-None-Match` or `If-Modified-Since` is present: the answer may be a 304.
    private(set) var validates = false
    /// The values of `X-Forwarded-For` and of `Forwarded`, field by field.
    private(set) var forwardedFor: [String] = []
    private(set) var forwarded: [String] = []

    init(_ headers: HTTPHeaders) {
        var firstHost = true
        for (name, value) in headers {
            switch Name(name) {
            case .host where firstHost:
                firstHost = false
                continue
            case .cookie:
                let parts = value.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
                    .dropFirst().reduce(1) { $0 + ($1.first == UInt8(ascii: " ") ? 1 : 0) }
                count += parts
                // Each part is a field named `cookie`, without the two bytes of `; ` between them.
                bytes += parts * name.utf8.count + value.utf8.count - 2 * (parts - 1)
                continue
            case .connection: closes = closes || value == "close"
            case .requestID: requestID = requestID.map { $0 + ", " + value } ?? value
            case .acceptEncoding: acceptEncoding = acceptEncoding.map { $0 + ", " + value } ?? value
            case .referer: referer = referer.map { $0 + ", " + value } ?? value
            case .ifNoneMatch, .ifModifiedSince: validates = true
            case .xForwardedFor: forwardedFor.append(value)
            case .forwarded: forwarded.append(value)
            case .host, .other: break
            }
            count += 1
            bytes += name.utf8.count + value.utf8.count
        }
    }

    /// The names read, matched without regard to case as HTTP names are.
    private enum Name {
        case host, cookie, connection, requestID, acceptEncoding, referer, ifNoneMatch, ifModifiedSince, xForwardedFor, forwarded
        case other

        init(_ name: String) {
            var name = name
            self = name.withUTF8 { bytes in
                switch bytes.count {
                case 4 where Self.equal(bytes, "host"): .host
                case 6 where Self.equal(bytes, "cookie"): .cookie
                case 7 where Self.equal(bytes, "referer"): .referer
                case 9 where Self.equal(bytes, "forwarded"): .forwarded
                case 10 where Self.equal(bytes, "connection"): .connection
                case 12 where Self.equal(bytes, "x-request-id"): .requestID
                case 13 where Self.equal(bytes, "if-none-match"): .ifNoneMatch
                case 15 where Self.equal(bytes, "accept-encoding"): .acceptEncoding
                case 15 where Self.equal(bytes, "x-forwarded-for"): .xForwardedFor
                case 17 where Self.equal(bytes, "if-modified-since"): .ifModifiedSince
                default: .other
                }
            }
        }

        /// `bytes` is `lowercase` in any case; `lowercase` is letters and `-` only.
        private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
            guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
            let expected = lowercase.utf8Start
            for index in 0..<bytes.count where bytes[index] | 0x20 != expected[index] {
                return false
            }
            return true
        }
    }
}
