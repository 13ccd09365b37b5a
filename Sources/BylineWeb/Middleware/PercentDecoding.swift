/// Strict percent-decoding for untrusted URL parts.
///
/// Returns `nil` for a broken escape (`%4`, `%zz`), bytes that are not UTF-8, and
/// control characters such as NUL: each is a malformed request, answered with 400.
/// Form fields (`allowingLineBreaks`) may hold tabs and line breaks, and nothing else below space.
func strictPercentDecode(_ text: some StringProtocol, plusAsSpace: Bool = false, allowingLineBreaks: Bool = false) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = text.utf8.makeIterator()
    while let byte = iterator.next() {
        switch byte {
        case UInt8(ascii: "%"):
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        case UInt8(ascii: "+") where plusAsSpace:
            bytes.append(UInt8(ascii: " "))
        default:
            bytes.append(byte)
        }
    }
    guard let decoded = String(validating: bytes, as: UTF8.self),
          !decoded.unicodeScalars.contains(where: { scalar in
              (scalar.value < 0x20 || scalar.value == 0x7F) && !(allowingLineBreaks && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
          })
    else { return nil }
    return decoded
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
