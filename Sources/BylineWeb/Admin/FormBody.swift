import BylineCore
import Hummingbird

/// An `application/x-www-form-urlencoded` body, read with a size limit and decoded strictly:
/// bad percent-encoding or invalid UTF-8 is a 400 with a Korean message, never a guess.
struct FormBody: Sendable {
    static let limit = 64 * 1024
    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    static func read(_ request: Request) async throws -> FormBody {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw BylineError.invalidInput("양식은 application/x-www-form-urlencoded 형식으로 보내야 합니다.")
        }
        let buffer = try await request.body.collect(upTo: limit)
        return try FormBody(encoded: String(buffer: buffer))
    }

    init(encoded: String) throws {
        var fields: [String: String] = [:]
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw BylineError.invalidInput("양식의 글자를 읽을 수 없습니다. 잘못된 인코딩입니다.")
            }
            fields[name] = value
        }
        self.fields = fields
    }

    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(Self.hex), let low = iterator.next().flatMap(Self.hex) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
