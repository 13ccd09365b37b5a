import NIOCore

/// Reads RESP2 values from bytes that arrive in arbitrary pieces.
///
/// `next` returns `nil` when the buffer holds only part of a value (the buffer is left
/// as it was, to be retried with more bytes) and throws on anything malformed, so a
/// broken or hostile reply ends the connection instead of crashing or misreading.
public struct RESPParser: Sendable {
    /// Bulk strings larger than this are refused rather than buffered.
    public static let maxBulkLength = 64 << 20
    public static let maxArrayLength = 1 << 20
    static let maxDepth = 16

    public init() {}

    public func next(_ buffer: inout ByteBuffer) throws(RedisError) -> RESPValue? {
        var copy = buffer
        guard let value = try parse(&copy, depth: 0) else { return nil }
        buffer = copy
        return value
    }

    private func parse(_ buffer: inout ByteBuffer, depth: Int) throws(RedisError) -> RESPValue? {
        guard depth < Self.maxDepth else { throw .protocolViolation }
        guard let marker = buffer.readInteger(as: UInt8.self) else { return nil }
        switch marker {
        case UInt8(ascii: "+"):
            return try line(&buffer).map { .simpleString(String(decoding: $0, as: UTF8.self)) }
        case UInt8(ascii: "-"):
            return try line(&buffer).map { .error(String(decoding: $0, as: UTF8.self)) }
        case UInt8(ascii: ":"):
            guard let text = try line(&buffer) else { return nil }
            return .integer(try number(text))
        case UInt8(ascii: "$"):
            guard let text = try line(&buffer) else { return nil }
            let length = try number(text)
            if length == -1 { return .bulkString(nil) }
            guard length >= 0, length <= Self.maxBulkLength else { throw .protocolViolation }
            guard buffer.readableBytes >= Int(length) + 2, let bytes = buffer.readBytes(length: Int(length)) else { return nil }
            guard buffer.readInteger(as: UInt8.self) == 13, buffer.readInteger(as: UInt8.self) == 10 else {
                throw .protocolViolation
            }
            return .bulkString(bytes)
        case UInt8(ascii: "*"):
            guard let text = try line(&buffer) else { return nil }
            let count = try number(text)
            if count == -1 { return .array(nil) }
            guard count >= 0, count <= Self.maxArrayLength else { throw .protocolViolation }
            var elements: [RESPValue] = []
            elements.reserveCapacity(Int(min(count, 1024)))
            for _ in 0..<count {
                guard let element = try parse(&buffer, depth: depth + 1) else { return nil }
                elements.append(element)
            }
            return .array(elements)
        default:
            throw .protocolViolation
        }
    }

    /// The bytes up to CRLF, or `nil` when the line is not complete yet.
    private func line(_ buffer: inout ByteBuffer) throws(RedisError) -> [UInt8]? {
        let view = buffer.readableBytesView
        guard let cr = view.firstIndex(of: 13) else {
            // A line without an end in sight is either incomplete or a flood.
            if view.count > 64 << 10 { throw .protocolViolation }
            return nil
        }
        guard cr + 1 < view.endIndex else { return nil }
        guard view[cr + 1] == 10 else { throw .protocolViolation }
        let bytes = Array(view[view.startIndex..<cr])
        buffer.moveReaderIndex(forwardBy: bytes.count + 2)
        return bytes
    }

    private func number(_ text: [UInt8]) throws(RedisError) -> Int64 {
        guard !text.isEmpty, text.count <= 20, let value = Int64(String(decoding: text, as: UTF8.self)) else {
            throw .protocolViolation
        }
        return value
    }
}

/// Writes commands as RESP arrays of bulk strings.
public enum RESPEncoder {
    public static func command(_ arguments: [String], into buffer: inout ByteBuffer) {
        command(arguments.map { Array($0.utf8) }, into: &buffer)
    }

    /// Arguments as raw bytes: bulk strings are binary-safe.
    public static func command(_ arguments: [[UInt8]], into buffer: inout ByteBuffer) {
        buffer.writeString("*\(arguments.count)\r\n")
        for argument in arguments {
            buffer.writeString("$\(argument.count)\r\n")
            buffer.writeBytes(argument)
            buffer.writeString("\r\n")
        }
    }
}
