import BylineCore
import Foundation
import Testing

@Suite("Where readers come from")
struct ReferrerKindTests {
    @Test("referring hosts by kind; the site's own pages, no header and anything unreadable have kinds of their own")
    func kinds() {
        let cases: [(String?, ReferrerKind)] = [
            (nil, .direct), ("", .direct),
            ("https://m.search.naver.com/search.naver?query=%ED%95%9C%EA%B0%95", .naver), ("https://naver.me/abc", .naver),
            ("https://news.naver.com/main", .naver), ("https://search.daum.net/search?q=x", .daum),
            ("https://www.google.com/", .google), ("https://www.google.co.kr/", .google), ("https://news.google.com/", .google),
            ("https://t.co/xyz", .social), ("https://m.facebook.com/", .social), ("https://story.kakao.com/", .social),
            ("https://x.com/someone", .social), ("https://news.byline.test/section/society", .internal),
            ("https://notnaver.com/", .other), ("https://example.org/naver.com", .other), ("not a url at all", .other),
        ]
        for (referer, kind) in cases {
            #expect(ReferrerKind(referer: referer, ownHost: "news.byline.test") == kind, "\(referer ?? "nil")")
        }
    }

    @Test("traffic adds up by minute and by hour and kind, and merges")
    func traffic() {
        let noon = Date(timeIntervalSince1970: 1_764_676_800)
        var traffic = Traffic()
        traffic.add(at: noon, from: .naver)
        traffic.add(at: noon.addingTimeInterval(30), from: .naver)
        traffic.add(at: noon.addingTimeInterval(61), from: .direct)
        #expect(traffic.minutes == [Traffic.minute(of: noon): 2, Traffic.minute(of: noon) + 1: 1])
        #expect(traffic.referrers == [viewHour(of: noon): [.naver: 2, .direct: 1]])
        var other = Traffic()
        other.add(at: noon, from: .google, count: 5)
        traffic.merge(other)
        #expect(traffic.minutes[Traffic.minute(of: noon)] == 7 && traffic.referrers[viewHour(of: noon)]?[.google] == 5)
        #expect(traffic.drain().minutes.count == 2 && traffic.isEmpty)
    }
}
