import BylineCore
import Foundation

/// The days a dashboard covers, Seoul days from `from` to `to` inclusive: checked before
/// any query, so that a period inverted, in the future or years long gets a message, not a
/// slow answer.
struct DashboardPeriod: Equatable {
    let from: KoreanDay
    let to: KoreanDay
    /// The days in order.
    let days: [KoreanDay]

    static let longest = 366

    /// The last seven days, today included, unless the query names others.
    init(from fromText: String?, to toText: String?, now: Date) throws {
        let today = KoreanDay(containing: now)
        func day(_ text: String?, _ fallback: KoreanDay) throws -> KoreanDay {
            guard let text, !text.isEmpty else { return fallback }
            guard let day = KoreanDay(text) else { throw BylineError.invalidInput("날짜는 2026-12-01처럼 YYYY-MM-DD로 써 주세요.") }
            return day
        }
        let to = try day(toText, today)
        var weekAgo = to
        for _ in 0..<6 { weekAgo = weekAgo.previous }
        let from = try day(fromText, weekAgo)
        guard from <= to else { throw BylineError.invalidInput("시작일(\(from))이 종료일(\(to))보다 늦습니다. 날짜를 바꿔 주세요.") }
        guard to <= today else { throw BylineError.invalidInput("아직 오지 않은 날(\(to))은 볼 수 없습니다. 오늘(\(today))까지 골라 주세요.") }
        var days = [from]
        while let last = days.last, last < to {
            guard days.count < Self.longest else {
                throw BylineError.invalidInput("한 번에 \(Self.longest)일(1년)까지 볼 수 있습니다. 기간을 줄여 주세요.")
            }
            days.append(last.next)
        }
        (self.from, self.to, self.days) = (from, to, days)
    }

    var start: Date { from.start }
    var end: Date { to.end }
    /// The period's hours, as the view counts number them.
    var hours: Range<Int64> { viewHour(of: start)..<viewHour(of: end) }
    var query: String { "from=\(from)&to=\(to)" }
}
