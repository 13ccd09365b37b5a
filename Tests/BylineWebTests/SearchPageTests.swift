import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Search page and API")
struct SearchPageTests {
    @Test("results show marked headlines and passages, escaped around the marks")
    func results() async throws {
        let fixture = try await WebFixture(fillerArticles: 3)
        _ = try await fixture.store.publish(NewArticle(
            headline: "<b>서울</b> 야시장 열린다", body: "서울 야시장이 <script>alert(1)</script> 주말마다 열린다.",
            section: SectionPath("society")!, authorEmails: ["gildong@byline.test"], publishedAt: WebFixture.leadPublished))
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/search?q=%EC%95%BC%EC%8B%9C%EC%9E%A5", method: .get)
            #expect(response.status == .ok)
            let html = response.text
            #expect(html.contains("‘야시장’ 검색 결과"))
            #expect(html.contains("&lt;b&gt;서울&lt;/b&gt; <mark>야시장</mark> 열린다"))
            #expect(html.contains("서울 <mark>야시장</mark>이 &lt;script&gt;alert(1)&lt;/script&gt; 주말마다 열린다."))
            #expect(!html.contains("<script>alert"))
            #expect(html.contains(#"<input id="search-q" name="q" type="search" value="야시장""#))
            #expect(count("<h1", in: html) == 1)

            // Filters: section (with subsections), reporter and dates.
            let bySection = try await client.execute(uri: "/search?q=%EC%95%BC%EC%8B%9C%EC%9E%A5&section=economy", method: .get)
            #expect(bySection.text.contains("검색 결과가 없습니다"))
            let byReporter = try await client.execute(uri: "/search?q=%EC%95%BC%EC%8B%9C%EC%9E%A5&reporter=2", method: .get)
            #expect(byReporter.text.contains("검색 결과가 없습니다"))
            #expect(byReporter.text.contains(#"<input type="hidden" name="reporter" value="2">"#))
            let byDate = try await client.execute(uri: "/search?q=%EC%95%BC%EC%8B%9C%EC%9E%A5&from=2024-10-10&to=2024-10-10", method: .get)
            #expect(byDate.text.contains("<mark>야시장</mark>"))
            let otherDay = try await client.execute(uri: "/search?q=%EC%95%BC%EC%8B%9C%EC%9E%A5&from=2024-10-11", method: .get)
            #expect(otherDay.text.contains("검색 결과가 없습니다"))
        }
    }

    @Test("no results gives a Korean page with suggestions; an empty query shows the form")
    func noResults() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let none = try await client.execute(uri: "/search?q=%EC%97%86%EB%8A%94%EB%A7%90+%EC%84%9C%EC%9A%B8", method: .get)
            #expect(none.status == .ok)
            #expect(none.text.contains("검색 결과가 없습니다"))
            #expect(none.text.contains(#"<a class="suggestion" href="/search?q=%EC%84%9C%EC%9A%B8">서울</a>"#))
            let empty = try await client.execute(uri: "/search", method: .get)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("<h1 class=\"list-heading\">기사 검색</h1>"))
            #expect(!empty.text.contains("검색 결과가 없습니다"))
        }
    }

    @Test("hostile queries never fail the server nor show anything internal", arguments: [
        "%20%20", String(repeating: "%EA%B0%80", count: 10_000), "%22", "NEAR(*)", "a%20AND%20b", "-x", "(%22", "col:val",
        "%5E", "%22;DROP%20TABLE%20article;--", "%01%02", "%F0%9F%99%82", "%ED%95%9C%EA%B8%80%22%20OR%20%22x",
    ])
    func hostile(_ query: String) async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            for path in ["/search?q=", "/api/v1/search?q="] {
                let response = try await client.execute(uri: path + query, method: .get)
                #expect(response.status.code < 500, "\(path)\(query.prefix(40))")
                #expect([200, 400, 414].contains(response.status.code))
                expectNothingInternal(response.text)
            }
        }
    }

    @Test("the API answers results with highlights, filters and a next link; a bad query is problem+json")
    func api() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/search?q=%EC%88%98%EC%98%81%EC%9E%A5&section=society", method: .get)
            #expect(response.status == .ok)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let result = try #require((body["results"] as? [[String: Any]])?.first)
            #expect((result["article"] as? [String: Any])?["id"] as? Int == Int(fixture.leadID.rawValue))
            #expect((result["headline_html"] as? String)?.contains("<mark>수영장</mark>") == true)
            #expect(body["next"] is NSNull)

            let elsewhere = try await client.execute(uri: "/api/v1/search?q=%EC%88%98%EC%98%81%EC%9E%A5&section=economy", method: .get)
            #expect(elsewhere.text.contains(#""results":[]"#))
            let bad = try await client.execute(uri: "/api/v1/search?q=", method: .get)
            #expect(bad.status == .badRequest)
            #expect(bad.headers[.contentType] == "application/problem+json")
            #expect(try await client.execute(uri: "/api/v1/search?q=%EC%84%9C&sort=oldest", method: .get).status == .badRequest)
        }
    }
}
