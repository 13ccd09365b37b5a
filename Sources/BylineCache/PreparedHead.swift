import NIOCore

/// The head of a cache hit's answer as bytes, serialised once when the copy is stored:
/// everything but what differs per request (its id and the date), for the plain body and
/// for the gzipped one. Formatting a dozen header fields on every hit was a sixth of a
/// hit's own work.
public struct PreparedHead: Sendable {
    /// From the status line up to the request id, for the plain body.
    public let plain: ByteBuffer
    /// The same for the gzipped body, when the copy has one.
    public let gzipped: ByteBuffer?

    public init(plain: ByteBuffer, gzipped: ByteBuffer?) {
        self.plain = plain
        self.gzipped = gzipped
    }
}
