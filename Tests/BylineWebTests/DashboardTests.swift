import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineWeb

/// The newsroom's dashboard, as an editor and a reporter use it.
@Suite("Newsroom dashboard")
struct DashboardTests {
    @Test("editors land on the dashboard: readers now, most read with sparklines, sections, referrers and production as charts with tables")
    func editor() async throws {
        let newsroom = try await NewsroomWebFixture()
        let lead = newsroom.web.leadID
        try await newsroom.site.application().test(.router) { client in
            // A headline a spreadsheet would run, read from Google and from nowhere.
            var fields = NewsroomWebFixture.articleFields
            fields["headline"] = "=HYPERLINK(\"http://evil.example\") 제목"
            let editor = try await client.signIn(email: newsroom.editor.email, password: NewsroomWebFixture.password)
            let created = try await client.post("/admin/articles", fields, as: editor)
            let hostile = try #require(NewsroomWebFixture.id(fromLocation: created))
            #expect(try await client.post("/admin/articles/\(hostile)/publish", ["version": "1"], as: editor).status == .seeOther)
            for (id, referer) in [(lead, "https://www.google.com/"), (lead, nil), (hostile, "https://m.search.naver.com/")] as [(ArticleID, String?)] {
                let response = try await client.execute(uri: "/news/\(id)", method: .get, headers: referer.map { [.referer: $0] } ?? [:])
                #expect(response.status == .ok)
            }
            await newsroom.site.views.flush()

            let page = try await client.get("/admin/dashboard", as: editor)
            #expect(page.status == .ok)
            let text = page.text
            #expect(text.contains("<a href=\"/admin/dashboard\">현황판</a>"), "in the newsroom's menu")
            #expect(text.contains("<strong>3</strong> 최근 5분 조회"))
            #expect(text.contains("<svg class=\"chart\" role=\"img\"") && text.contains("<title>섹션별 조회수</title>"))
            #expect(text.contains("<svg class=\"sparkline\" aria-hidden=\"true\""))
            #expect(text.contains("<td>구글</td><td>1</td>") && text.contains("<td>네이버</td><td>1</td>") && text.contains("<td>직접 방문</td><td>1</td>"))
            #expect(text.contains("=HYPERLINK(&quot;http://evil.example&quot;) 제목"), "escaped on the page")
            let today = KoreanDay(containing: newsroom.now).description
            // The fixture's five articles and the editor's, all published today, none a press release or wire copy.
            #expect(text.contains("<tr><td>\(today)</td><td>6</td><td>0</td><td>0</td><td>6</td><td>100%</td></tr>"))

            let csv = try await client.get("/admin/dashboard?csv=top", as: editor)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"byline-top-") == true)
            #expect(csv.text.hasPrefix("\u{FEFF}\"제목\",\"최근 두 시간 조회수\"\r\n"))
            #expect(csv.text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\") 제목\",\"1\""), "a formula is kept as text")
            let sections = try await client.get("/admin/dashboard?csv=sections", as: editor).text
            // The fixture's earlier reads and these three, largest first, with their shares.
            #expect(sections.hasSuffix("\"경제\",\"30\",\"69%\"\r\n\"서울시\",\"13\",\"30%\"\r\n"), "\(sections)")
            #expect(try await client.get("/admin/dashboard?csv=secrets", as: editor).status == .badRequest)
        }
    }

    @Test("a period inverted, in the future, over a year or malformed gets a clear message")
    func periods() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let editor = try await client.signIn(email: newsroom.editor.email, password: NewsroomWebFixture.password)
            let today = KoreanDay(containing: newsroom.now)
            for (query, message) in [
                ("from=\(today)&to=\(today.previous)", "보다 늦습니다"),
                ("to=\(today.next)", "아직 오지 않은 날"),
                ("from=2016-01-01&to=\(today)", "366일(1년)까지"),
                ("from=%EC%96%B4%EC%A0%9C", "YYYY-MM-DD"),
            ] {
                let response = try await client.get("/admin/dashboard?\(query)", as: editor)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.text.contains(message), "\(query)")
            }
            #expect(try await client.get("/admin/dashboard?from=\(today.previous)&to=\(today)", as: editor).status == .ok)
        }
    }

    @Test("a reporter sees their own articles' figures, not the site's")
    func reporter() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            _ = try await client.execute(uri: "/news/\(newsroom.web.secondID)", method: .get, headers: [.referer: "https://www.google.com/"])
            _ = try await client.execute(uri: "/news/\(newsroom.web.leadID)", method: .get)
            await newsroom.site.views.flush()
            let reporter = try await client.signIn(email: newsroom.reporter.email, password: NewsroomWebFixture.password)
            let page = try await client.get("/admin/dashboard", as: reporter).text
            #expect(page.contains("현황판 <small>(내 기사)</small>"))
            #expect(!page.contains("지금 읽는 독자") && !page.contains("독자가 온 곳"))
            #expect(page.contains("서울시, 한강 야간 수영장 개장"), "their article")
            #expect(!page.contains("기준금리 동결 전망 우세"), "another reporter's")
        }
    }
}
