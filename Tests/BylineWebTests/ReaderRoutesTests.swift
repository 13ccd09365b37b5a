import BylineCore
import Foundation
import HummingbirdTesting
import Testing

@Suite("Reader routes")
struct ReaderRoutesTests {
    @Test("the home page has top stories, latest, breaking, most-read and section blocks")
    func home() async throws {
        let fixture = try await WebFixture()
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            let html = response.text
            #expect(count("<h1", in: html) == 1)
            #expect(html.contains("<article class=\"lead-story\">"))
            #expect(html.contains("<h3 class=\"lead-headline\"><a href=\"/news/\(fixture.leadID)\">서울시, 한강 야간 수영장 개장</a></h3>"))
            #expect(html.contains("<h2 id=\"latest-heading\"><a href=\"/latest\">최신뉴스</a></h2>"))
            #expect(html.contains("<h2 id=\"breaking-heading\"><a href=\"/breaking\">속보</a></h2>"))
            #expect(html.contains("<h2 id=\"popular-heading\"><a href=\"/popular\">많이 본 뉴스</a></h2>"))
            #expect(html.contains("<h2><a href=\"/section/society\">사회</a></h2>"))
            #expect(html.contains("<h2><a href=\"/section/economy\">경제</a></h2>"))
            #expect(html.contains("단신 0"))
            #expect(!html.contains("엠바고"))
        }
    }

    @Test("a section page has its breadcrumb, subsections and articles from below it")
    func section() async throws {
        let fixture = try await WebFixture()
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let society = try await client.execute(uri: "/section/society", method: .get)
            #expect(society.status == .ok)
            #expect(society.text.contains("<h1 class=\"list-heading\">사회</h1>"))
            #expect(society.text.contains("<h2><a href=\"/section/society/seoul\">서울시</a></h2>"))
            #expect(society.text.contains("서울시, 한강 야간 수영장 개장"))
            #expect(society.text.contains("rel=\"next\">더보기</a>"))

            let seoul = try await client.execute(uri: "/section/society/seoul", method: .get)
            #expect(seoul.status == .ok)
            #expect(seoul.text.contains("<li><a href=\"/section/society\">사회</a></li><li><a href=\"/section/society/seoul\">서울시</a></li>"))
            #expect(seoul.text.contains("<h1 class=\"list-heading\">서울시</h1>"))
            #expect(!seoul.text.contains("단신 0"))

            for missing in ["/section/seoul", "/section/society/nowhere", "/section/economy/seoul", "/section/society/seoul/extra"] {
                #expect(try await client.execute(uri: missing, method: .get).status == .notFound, "\(missing)")
            }
        }
    }

    @Test("latest, breaking, reporter and tag lists show what they name")
    func lists() async throws {
        let fixture = try await WebFixture()
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let latest = try await client.execute(uri: "/latest", method: .get)
            #expect(latest.status == .ok)
            #expect(latest.text.contains("<h1 class=\"list-heading\">최신뉴스</h1>"))
            #expect(count("<article class=\"card", in: latest.text) == 20)

            let breaking = try await client.execute(uri: "/breaking", method: .get).text
            #expect(breaking.contains("서울시, 한강 야간 수영장 개장"))
            #expect(!breaking.contains("기준금리"))
            #expect(!breaking.contains("엠바고"))

            let reporter = try await client.execute(uri: "/reporters/2", method: .get)
            #expect(reporter.status == .ok)
            #expect(reporter.text.contains("<h1 class=\"list-heading\">김하늘 기자</h1>"))
            #expect(reporter.text.contains("mailto:haneul@byline.test"))
            #expect(reporter.text.contains("기준금리 동결 전망 우세"))
            #expect(!reporter.text.contains("단신 0"))
            let gildong = try await client.execute(uri: "/reporters/1", method: .get).text
            #expect(gildong.contains("<p class=\"list-intro\">서울시청을 취재합니다.</p>"))
            #expect(gildong.contains("<meta name=\"description\" content=\"서울시청을 취재합니다.\">"))

            let tag = try await client.execute(uri: "/tags/%EC%84%9C%EC%9A%B8", method: .get)
            #expect(tag.status == .ok)
            #expect(tag.text.contains("<h1 class=\"list-heading\">#서울</h1>"))
            #expect(tag.text.contains("기준금리 동결 전망 우세"))
            #expect(tag.text.contains("서울시, 한강 야간 수영장 개장"))
            let spaced = try await client.execute(uri: "/tags/%EC%97%AC%EB%A6%84%20%ED%9C%B4%EA%B0%80", method: .get)
            #expect(spaced.status == .ok)
            #expect(try await client.execute(uri: "/tags/%EC%97%94%EB%B0%94%EA%B3%A0", method: .get).status == .notFound,
                    "a tag used only by an embargoed article is not public yet")
        }
    }

    @Test("the archive shows one Seoul day with links to the days around it")
    func archive() async throws {
        let fixture = try await WebFixture()
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let today = try await client.execute(uri: "/all", method: .get)
            #expect(today.status == .ok)
            #expect(today.text.contains("전체기사 · 2024년 10월 10일 (목)"))
            #expect(today.text.contains("<a href=\"/all?date=2024-10-09\">← 전날</a>"))
            #expect(!today.text.contains("다음날"), "no link into the future")

            let day = try await client.execute(uri: "/all?date=2024-10-09", method: .get)
            #expect(day.status == .ok)
            #expect(day.text.contains("<a href=\"/all?date=2024-10-10\">다음날 →</a>"))
            #expect(day.text.contains("이 날짜에 나온 기사가 없습니다.") || day.text.contains("단신"))

            let empty = try await client.execute(uri: "/all?date=2020-01-01", method: .get)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("이 날짜에 나온 기사가 없습니다."))
        }
    }

    @Test("most-read offers the 1h, 24h and 7d windows")
    func popular() async throws {
        let fixture = try await WebFixture()
        let app = try await fixture.application()
        try await app.test(.router) { client in
            for window in ["1h", "24h", "7d"] {
                let response = try await client.execute(uri: "/popular?window=\(window)", method: .get)
                #expect(response.status == .ok)
                #expect(response.text.contains("<a href=\"/popular?window=\(window)\" aria-current=\"page\">"))
                // Only the list in <main> counts: the breaking ticker above it names the lead article too.
                let html = String(response.text.split(separator: "<main", maxSplits: 1).last ?? "")
                let second = try #require(html.range(of: "기준금리 동결 전망 우세"))
                let lead = try #require(html.range(of: "<a href=\"/news/\(fixture.leadID)\">서울시, 한강"))
                #expect(second.lowerBound < lead.lowerBound, "more views rank higher")
            }
            #expect(try await client.execute(uri: "/popular", method: .get).text.contains("최근 24시간"))
        }
    }

    @Test("health, static assets and media")
    func operationsAndAssets() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.text == "ok\n")

            let home = try await client.execute(uri: "/", method: .get).text
            let cssPath = try #require(home.firstMatch(of: /href="(\/static\/site\.[0-9a-f]+\.css)"/)?.1)
            let css = try await client.execute(uri: String(cssPath), method: .get)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(css.text.contains("word-break: keep-all"))
            #expect(try await client.execute(uri: "/static/site.css", method: .get).status == .notFound)

            let photo = try await client.execute(uri: "/media/test-photo.svg", method: .get)
            #expect(photo.status == .ok)
            #expect(photo.headers[.contentType] == "image/svg+xml")
            for bad in ["/media/missing.svg", "/media/p-0123456789abcdef-640.jpg", "/media/..%2Fbyline.sqlite", "/media/.hidden.svg", "/media/byline.sqlite"] {
                #expect(try await client.execute(uri: bad, method: .get).status.code >= 400, "\(bad)")
            }
        }
    }

    @Test("following 더보기 walks the whole list without repeats")
    func moreLinks() async throws {
        let fixture = try await WebFixture(fillerArticles: 45)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            var uri: String? = "/latest"
            var seen: [String] = []
            var pages = 0
            while let next = uri, pages < 10 {
                let html = try await client.execute(uri: next, method: .get).text
                seen += html.matches(of: /<h3 class="card-headline">(?:<span class="badge">속보<\/span> )?<a href="(\/news\/\d+)">/).map { String($0.1) }
                uri = html.firstMatch(of: /<a href="([^"]+)" rel="next">더보기<\/a>/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
                pages += 1
            }
            #expect(pages == 3)
            #expect(seen.count == 47)
            #expect(Set(seen).count == seen.count)
        }
    }
}

@Suite("HEAD requests")
struct HeadRequestTests {
    @Test("HEAD answers like GET without a body")
    func head() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let get = try await client.execute(uri: "/news/\(fixture.leadID)", method: .get)
            let head = try await client.execute(uri: "/news/\(fixture.leadID)", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            #expect(try await client.execute(uri: "/news/999", method: .head).status == .notFound)
        }
    }
}
