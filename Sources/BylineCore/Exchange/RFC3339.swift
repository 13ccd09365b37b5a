import Foundation

/// RFC 3339 instants as exchanged in files and query strings.
public enum RFC3339 {
    /// Parses `2024-10-10T16:23:00+09:00`, with or without fractional seconds.
    public static func date(from text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
