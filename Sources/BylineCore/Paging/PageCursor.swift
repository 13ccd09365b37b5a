import Foundation

/// An opaque keyset position: "after the row ordered at (`key`, `id`)".
///
/// Lists are ordered by a key (publication time in milliseconds, or a view count)
/// and then by id, both descending, so a cursor picks up exactly after the last row
/// shown even when newer articles are published between two clicks. Readers see it
/// as an opaque token; a checksum turns hand-edited or truncated tokens into a clear
/// 400 instead of a silently wrong page.
public struct PageCursor: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// Ordered by publication time.
        case time = "t"
        /// Ordered by a score such as view count.
        case score = "s"
    }

    public let kind: Kind
    public let key: Int64
    public let id: Int64

    public init(kind: Kind, key: Int64, id: Int64) {
        self.kind = kind
        self.key = key
        self.id = id
    }

    /// The token put in `?cursor=`.
    public var token: String {
        let payload = "\(kind.rawValue).\(key).\(id)"
        let sum = String(PageCursor.checksum(payload), radix: 36)
        return Data("\(payload).\(sum)".utf8).base64URLEncoded()
    }

    /// Decodes a token; `nil` when it is not one this server made for this kind of list.
    public init?(token: String, kind expected: Kind) {
        guard token.utf8.count <= 96,
              let data = Data(base64URLEncoded: token),
              let text = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4,
              parts[0] == expected.rawValue,
              let key = Int64(parts[1]), let id = Int64(parts[2]), id > 0,
              String(PageCursor.checksum("\(parts[0]).\(parts[1]).\(parts[2])"), radix: 36) == parts[3]
        else { return nil }
        self.init(kind: expected, key: key, id: id)
    }

    /// FNV-1a: a tamper check, not a secret; a forged cursor only moves a reader within public lists.
    static func checksum(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }
}

extension Data {
    func base64URLEncoded() -> String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init?(base64URLEncoded text: String) {
        guard text.utf8.allSatisfy({ byte in
            (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == 45 || byte == 95
        }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
