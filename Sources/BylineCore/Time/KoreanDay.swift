import Foundation

/// One calendar day in Seoul, as the 전체기사 archive pages them: `/all?date=2024-10-10`.
public struct KoreanDay: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses exactly `YYYY-MM-DD` naming a real date between 1900 and 9999.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3,
              parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              year >= 1900, (1...12).contains(month), (1...CivilTime.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The Seoul day that contains `date`.
    public init(containing date: Date) {
        let t = KoreanTime.civil(date)
        self.year = t.year
        self.month = t.month
        self.day = t.day
    }

    private init(daysSinceEpoch: Int) {
        let (year, month, day) = CivilTime.civil(fromDays: daysSinceEpoch)
        self.year = year
        self.month = month
        self.day = day
    }

    private var daysSinceEpoch: Int { CivilTime.days(year: year, month: month, day: day) }

    /// Midnight in Seoul, as a UTC instant: the first instant of the day.
    public var start: Date {
        Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch * 86_400 - KoreanTime.offsetSeconds))
    }

    /// The first instant after the day.
    public var end: Date { next.start }

    public var next: KoreanDay { KoreanDay(daysSinceEpoch: daysSinceEpoch + 1) }

    /// `2024-10`: the month the day falls in, as sitemaps name it.
    public var monthKey: String { "\(year)-\(KoreanTime.pad(month))" }

    /// The first day of the day's month.
    public var firstOfMonth: KoreanDay {
        KoreanDay(daysSinceEpoch: CivilTime.days(year: year, month: month, day: 1))
    }

    /// The first day of the following month.
    public var firstOfNextMonth: KoreanDay {
        let (nextYear, nextMonth) = month == 12 ? (year + 1, 1) : (year, month + 1)
        return KoreanDay(daysSinceEpoch: CivilTime.days(year: nextYear, month: nextMonth, day: 1))
    }
    public var previous: KoreanDay { KoreanDay(daysSinceEpoch: daysSinceEpoch - 1) }

    public var description: String {
        "\(year)-\(KoreanTime.pad(month))-\(KoreanTime.pad(day))"
    }

    /// Heading for the archive: `2024년 10월 10일 (목)`.
    public var koreanTitle: String {
        let weekday = (daysSinceEpoch + 4).floorMod(7)
        return "\(year)년 \(month)월 \(day)일 (\(KoreanTime.weekdayNames[weekday]))"
    }

    public static func < (lhs: KoreanDay, rhs: KoreanDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
