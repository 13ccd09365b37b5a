import Foundation

/// Formats instants the way the agency page prints them, always in Korea Standard Time.
/// Times are stored in UTC; only presentation moves them to Seoul.
public enum KoreanTime {
    /// UTC+9, Asia/Seoul.
    public static let offsetSeconds = 9 * 3600

    public static func civil(_ date: Date) -> CivilTime {
        CivilTime(date, offsetSeconds: offsetSeconds)
    }

    /// 기사입력 / 최종수정 stamp: `2024년10월10일 16:23`.
    public static func articleStamp(_ date: Date) -> String {
        let t = civil(date)
        return "\(t.year)년\(pad(t.month))월\(pad(t.day))일 \(pad(t.hour)):\(pad(t.minute))"
    }

    /// Photo caption date: `2024.10.10`.
    public static func photoDate(_ date: Date) -> String {
        let t = civil(date)
        return "\(t.year).\(pad(t.month)).\(pad(t.day))"
    }

    /// List and best-articles time: `2025-04-28 12:12`.
    public static func listStamp(_ date: Date) -> String {
        let t = civil(date)
        return StampWriter.text { stamp in
            stamp.date(t, separator: "-")
            stamp.byte(" ")
            stamp.time(t, seconds: false)
        }
    }

    /// Short time for tickers: `16:23`.
    public static func clock(_ date: Date) -> String {
        let t = civil(date)
        return StampWriter.text { $0.time(t, seconds: false) }
    }

    /// Machine-readable instant with the Seoul offset, for `<time datetime>` and metadata:
    /// `2024-10-10T16:23:05+09:00`.
    public static func iso8601(_ date: Date) -> String {
        let t = civil(date)
        return StampWriter.text { stamp in
            stamp.date(t, separator: "-")
            stamp.byte("T")
            stamp.time(t, seconds: true)
            for byte in "+09:00".utf8 { stamp.byte(byte) }
        }
    }

    /// RSS dates (RFC 822 with a four-digit year), in Seoul: `Thu, 10 Oct 2024 16:23:05 +0900`.
    public static func rfc822(_ date: Date) -> String {
        internetDate(CivilTime(date, offsetSeconds: offsetSeconds), zone: "+0900")
    }

    /// HTTP dates (IMF-fixdate), always in GMT: `Thu, 10 Oct 2024 07:23:05 GMT`.
    public static func httpDate(_ date: Date) -> String {
        internetDate(CivilTime(date, offsetSeconds: 0), zone: "GMT")
    }

    private static func internetDate(_ t: CivilTime, zone: String) -> String {
        "\(englishWeekdays[t.weekday]), \(pad(t.day)) \(englishMonths[t.month - 1]) \(t.year) "
            + "\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second)) \(zone)"
    }

    static let weekdayNames = ["일", "월", "화", "수", "목", "금", "토"]
    static let englishWeekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}

/// Writes a stamp's digits and separators as bytes: every card of a list carries two
/// stamps, and string interpolation had cost a sixth of rendering a front page. The bytes
/// go straight into the string's own storage; an array first, then decoded, cost a stamp
/// twice as much.
struct StampWriter {
    /// Room for the longest stamp with a year of any length an `Int` holds.
    static let capacity = 48
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    static func text(_ write: (inout StampWriter) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var writer = StampWriter(buffer: buffer)
            write(&writer)
            return writer.count
        }
    }

    mutating func byte(_ ascii: Unicode.Scalar) {
        byte(UInt8(ascii: ascii))
    }

    mutating func byte(_ byte: UInt8) {
        guard count < buffer.count else { return }
        buffer[count] = byte
        count += 1
    }

    /// `2024-10-10`, the year as long as it is.
    mutating func date(_ t: CivilTime, separator: Unicode.Scalar) {
        number(t.year, width: 1)
        byte(separator)
        number(t.month)
        byte(separator)
        number(t.day)
    }

    /// `16:23`, or `16:23:05`.
    mutating func time(_ t: CivilTime, seconds: Bool) {
        number(t.hour)
        byte(":")
        number(t.minute)
        if seconds {
            byte(":")
            number(t.second)
        }
    }

    /// `value` in decimal, zero-padded to `width` digits. Digit by digit from the most
    /// significant, each appended to the reserved bytes: padding appended as a repeated
    /// collection and digits written back by index cost a stamp five times as much.
    mutating func number(_ value: Int, width: Int = 2) {
        // Months, days, hours, minutes and seconds: two digits, most of every stamp.
        if width == 2, (0..<100).contains(value) {
            byte(UInt8(ascii: "0") + UInt8(value / 10))
            byte(UInt8(ascii: "0") + UInt8(value % 10))
            return
        }
        if value < 0 { byte("-") }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        var digits = 1
        while magnitude / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        for _ in digits..<max(width, digits) { byte(UInt8(ascii: "0")) }
        var rest = magnitude
        while divisor > 0 {
            byte(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
