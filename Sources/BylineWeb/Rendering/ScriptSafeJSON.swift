/// JSON for a `<script>` element, written straight into bytes: object keys sorted, slashes
/// left alone, strings escaped as `JSONEncoder` escapes them, and `<`, `>` and `&` written as
/// `\u003c`, `\u003e` and `\u0026`, so that no text in it can close the element early or
/// start a comment, whatever an editor typed (the three only occur inside strings, where
/// the escapes mean the same).
///
/// The article page's JSON-LD was `JSONEncoder` and a pass over its output: 4% of an
/// uncached article page.
indirect enum ScriptSafeJSON {
    case string(String)
    case int(Int)
    case array([ScriptSafeJSON])
    /// Written with its keys sorted (cheapest when given in that order); a `nil` value
    /// leaves its key out.
    case object([(String, ScriptSafeJSON?)])

    var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2048)
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func write(into bytes: inout [UInt8]) {
        switch self {
        case .string(let text):
            Self.write(text, into: &bytes)
        case .int(let number):
            bytes.append(contentsOf: String(number).utf8)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                item.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            // Objects built in key order are written as they are: sorting each one cost a
            // fifth of the article page's JSON-LD.
            let sorted = zip(members, members.dropFirst()).allSatisfy { $0.0 < $1.0 }
            for (key, value) in sorted ? members : members.sorted(by: { $0.0 < $1.0 }) {
                guard let value else { continue }
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                Self.write(key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                value.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Runs that need no escape are copied whole: byte by byte, the article body alone was
    /// a twentieth of an uncached article page's instructions.
    private static func write(_ text: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices where needsEscape(utf8[index]) {
                bytes.append(contentsOf: utf8[start..<index])
                escape(utf8[index], into: &bytes)
                start = index + 1
            }
            bytes.append(contentsOf: utf8[start...])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
            || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
    }

    private static func escape(_ byte: UInt8, into bytes: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
        case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
        case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
        case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
        case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
        case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
        default:
            bytes.append(contentsOf: #"\u00"#.utf8)
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
    }
}
