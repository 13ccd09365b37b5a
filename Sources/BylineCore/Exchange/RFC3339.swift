import Foundation

/// RFC 3339 instants as exchanged in files and query strings.
public enum RFC3339 {
    /// Parses `2024-10-10T16:23:00+09:00`, with or without fractional seconds (`.123`), with
    /// `Z` or a `±hh:mm` offset.
    ///
    /// Read byte by byte: `ISO8601DateFormatter` (made twice per call) was nine tenths of
    /// decoding an imported article.
    public static func date(from text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            var index = 0
            func number(_ digits: Int) -> Int? {
                guard index + digits <= bytes.count else { return nil }
                var value = 0
                for byte in bytes[index..<index + digits] {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                index += digits
                return value
            }
            func skip(_ allowed: String) -> Bool {
                guard index < bytes.count, allowed.utf8.contains(bytes[index]) else { return false }
                index += 1
                return true
            }
            guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2), skip("Tt"),
                  let hour = number(2), skip(":"), let minute = number(2), skip(":"), let second = number(2),
                  (1...12).contains(month), (1...CivilTime.daysIn(month: month, year: year)).contains(day),
                  hour < 24, minute < 60, second < 60
            else { return nil }
            var fraction = 0.0
            if skip(".") {
                var scale = 0.1
                let start = index
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
            var offset = 0
            if !skip("Zz") {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return nil }
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = number(2), hours < 24 else { return nil }
                _ = skip(":")
                guard let minutes = number(2), minutes < 60 else { return nil }
                offset = sign * (hours * 3600 + minutes * 60)
            }
            guard index == bytes.count else { return nil }
            let seconds = CivilTime.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: Double(seconds) + fraction)
        }
    }
}
