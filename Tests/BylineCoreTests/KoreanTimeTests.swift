import BylineCore
import Foundation
import Testing

@Suite("Korean time formatting")
struct KoreanTimeTests {
    /// 2024-10-10T07:23:00Z is 16:23 in Seoul.
    let afternoon = Date(timeIntervalSince1970: 1_728_544_980)

    @Test("article stamps use the agency format in Seoul time")
    func articleStamp() {
        #expect(KoreanTime.articleStamp(afternoon) == "2024년10월10일 16:23")
        #expect(KoreanTime.photoDate(afternoon) == "2024.10.10")
        #expect(KoreanTime.listStamp(afternoon) == "2024-10-10 16:23")
        #expect(KoreanTime.clock(afternoon) == "16:23")
        #expect(KoreanTime.iso8601(afternoon) == "2024-10-10T16:23:00+09:00")
    }

    @Test("stamps written as bytes agree with a date formatter at UTC+9, single-digit fields included")
    func stampsAgreeWithFormatter() {
        func formatter(_ format: String) -> DateFormatter {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.calendar = Calendar(identifier: .gregorian)
            formatter.timeZone = TimeZone(secondsFromGMT: KoreanTime.offsetSeconds)
            formatter.dateFormat = format
            return formatter
        }
        let list = formatter("yyyy-MM-dd HH:mm"), clock = formatter("HH:mm"), iso = formatter("yyyy-MM-dd'T'HH:mm:ssxxx")
        // 1900 to 2200, in steps that visit every month, day, hour, minute and second width.
        for seconds in stride(from: -2_208_988_800.0, to: 7_258_118_400, by: 1_000_003.0) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(KoreanTime.listStamp(date) == list.string(from: date))
            #expect(KoreanTime.clock(date) == clock.string(from: date))
            #expect(KoreanTime.iso8601(date) == iso.string(from: date))
        }
    }

    @Test("15:00 UTC is already the next day in Seoul")
    func dayBoundary() throws {
        let lastMinute = try #require(ISO8601DateFormatter().date(from: "2024-10-10T14:59:59Z"))
        let midnight = try #require(ISO8601DateFormatter().date(from: "2024-10-10T15:00:00Z"))
        #expect(KoreanTime.articleStamp(lastMinute) == "2024년10월10일 23:59")
        #expect(KoreanTime.articleStamp(midnight) == "2024년10월11일 00:00")
        #expect(KoreanDay(containing: lastMinute).description == "2024-10-10")
        #expect(KoreanDay(containing: midnight).description == "2024-10-11")
    }

    @Test("year ends and leap days roll over correctly")
    func calendarEdges() throws {
        let newYear = try #require(ISO8601DateFormatter().date(from: "2024-12-31T15:00:00Z"))
        #expect(KoreanTime.articleStamp(newYear) == "2025년01월01일 00:00")
        let leap = try #require(ISO8601DateFormatter().date(from: "2024-02-28T15:30:00Z"))
        #expect(KoreanTime.photoDate(leap) == "2024.02.29")
    }

    @Test("a Seoul day spans 15:00 UTC to 15:00 UTC")
    func dayRange() throws {
        let day = try #require(KoreanDay("2024-10-10"))
        #expect(day.start == ISO8601DateFormatter().date(from: "2024-10-09T15:00:00Z"))
        #expect(day.end == ISO8601DateFormatter().date(from: "2024-10-10T15:00:00Z"))
        #expect(day.next.description == "2024-10-11")
        #expect(day.previous.description == "2024-10-09")
        #expect(try #require(KoreanDay("2024-03-01")).previous.description == "2024-02-29")
        #expect(day.koreanTitle == "2024년 10월 10일 (목)")
    }

    @Test("only real dates in YYYY-MM-DD form are days", arguments: [
        "2024-13-45", "2024-02-30", "2023-02-29", "2024-1-1", "20241010", "2024-10-1O", "", "2024-10-10 ",
        "-2024-10-1", "０２４-10-10", "1899-12-31", "2024-00-10", "2024-10-00", "9999999999",
    ])
    func invalidDays(_ text: String) {
        #expect(KoreanDay(text) == nil)
    }

    @Test("leap years are recognised")
    func validDays() {
        #expect(KoreanDay("2024-02-29") != nil)
        #expect(KoreanDay("2000-02-29") != nil)
        #expect(KoreanDay("1900-02-29") == nil)
    }
}
