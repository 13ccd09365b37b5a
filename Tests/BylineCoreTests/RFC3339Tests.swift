import Foundation
import Testing
@testable import BylineCore

@Suite("RFC 3339 instants")
struct RFC3339Tests {
    @Test("instants read as Foundation's ISO 8601 formatter reads them", arguments: [
        "2024-10-10T16:23:00+09:00", "2024-10-10T07:23:00Z", "2024-02-29T23:59:59-05:30", "1999-12-31T00:00:00+00:00",
        "2024-10-10T16:23:00.5+09:00", "2024-10-10T16:23:00.125Z", "2100-03-01T12:00:00+14:00", "1970-01-01T00:00:00Z",
    ])
    func valid(_ text: String) throws {
        let formatter = ISO8601DateFormatter()
        if text.contains(".") { formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds] }
        let expected = try #require(formatter.date(from: text))
        let parsed = try #require(RFC3339.date(from: text))
        #expect(abs(parsed.timeIntervalSince(expected)) < 0.0005, "\(text)")
    }

    @Test("anything else is refused", arguments: [
        "", "2024-10-10", "2024-10-10T16:23+09:00", "2024-13-10T16:23:00Z", "2023-02-29T10:00:00Z", "2024-10-10T24:00:00Z",
        "2024-10-10T16:60:00Z", "2024-10-10T16:23:00", "2024-10-10T16:23:00+9:00", "2024-10-10T16:23:00.Z",
        "2024-10-10T16:23:00Z ", "２０２４-10-10T16:23:00Z", "2024-10-10X16:23:00Z",
    ])
    func invalid(_ text: String) {
        #expect(RFC3339.date(from: text) == nil, "\(text)")
    }
}
