import BylineCore
import Foundation
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Article page")
struct ArticlePageTests {
    @Test("the menu, rendered once per section tree, marks each page's section and takes in a new section at once")
    func navigationFollowsTheTree() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            func menu(_ uri: String) async throws -> [String] {
                let page = try await client.execute(uri: uri, method: .get).text
                guard let start = page.range(of: "<nav class=\"site-nav\""), let end = page[start.upperBound...].range(of: "</nav>")
                else { return [] }
                let html = page[start.lowerBound..<end.lowerBound]
                return html.matches(of: /<li><a href="(\/section\/[^"]+)"( aria-current="page")?>/).map { "\($0.1)\($0.2 == nil ? "" : "*")" }
            }
            let sections = ["/section/society", "/section/economy"]
            #expect(try await menu("/latest") == sections)
            #expect(try await menu("/news/\(newsroom.web.leadID)") == ["/section/society*", "/section/economy"])
            #expect(try await menu("/section/economy") == ["/section/society", "/section/economy*"])
            try await newsroom.site.newsroom.createSection(NewSection(path: SectionPath("culture")!, name: "문화"), by: newsroom.admin)
            // A page not cached before: the cached ones are marked stale and refresh behind their next reader.
            #expect(try await menu("/breaking") == sections + ["/section/culture"])
            #expect(try await menu("/section/culture") == sections + ["/section/culture*"])
        }
    }

    @Test("the article page shows every element of the agency page")
    func everyElement() async throws {
        let fixture = try await WebFixture()
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/news/\(fixture.leadID)", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = response.text

            // Site navigation with 전체기사, 최신뉴스 and the sections.
            #expect(html.contains("<html lang=\"ko\">"))
            #expect(html.contains("<a href=\"/all\">전체기사</a>"))
            #expect(html.contains("<a href=\"/latest\">최신뉴스</a>"))
            #expect(html.contains("<a href=\"/section/society\" aria-current=\"page\">사회</a>"))
            #expect(html.contains("<a href=\"/section/economy\">경제</a>"))
            // Breadcrumb 사회 > 서울시.
            #expect(html.contains("<li><a href=\"/section/society\">사회</a></li><li><a href=\"/section/society/seoul\">서울시</a></li>"))
            // 속보 ticker with 더보기, never showing the embargoed article.
            #expect(html.contains("<h2 class=\"ticker-label\">속보</h2>"))
            #expect(html.contains("<a class=\"ticker-more\" href=\"/breaking\">더보기</a>"))
            #expect(!html.contains("엠바고"))
            // One h1: the headline.
            #expect(count("<h1", in: html) == 1)
            #expect(html.contains("<h1 class=\"headline\">서울시, 한강 야간 수영장 개장</h1>"))
            // 기사입력 and 최종수정 in Seoul time.
            #expect(html.contains("기사입력 : <time datetime=\"2024-10-10T16:23:00+09:00\">2024년10월10일 16:23</time>"))
            #expect(html.contains("최종수정 : <time datetime=\"2024-10-10T16:23:00+09:00\">2024년10월10일 16:23</time>"))
            // Subheadlines.
            #expect(html.contains("<li>여의도·뚝섬 두 곳 밤 10시까지</li>"))
            #expect(html.contains("<li>입장료는 낮 시간과 같아</li>"))
            // The body opens with the dateline and byline.
            #expect(html.contains("<p><span class=\"lead\">[서울=Byline] 홍길동 기자 =</span> 서울시가 한강 야간 수영장을 연다고 밝혔다.</p>"))
            #expect(html.contains("<blockquote>"))
            // The photo with caption, credit, date and the photographer's e-mail.
            #expect(html.contains("<img src=\"/media/test-photo.svg\" alt=\"야간 수영장 풍경\" width=\"1200\" height=\"675\">"))
            #expect(html.contains("<span class=\"photo-credit\">[서울=Byline] 김하늘 기자 =</span> 시민들이 야간 수영장에서 물놀이를 하고 있다. <span class=\"photo-date\">2024.10.10</span> <a href=\"mailto:haneul@byline.test\">haneul@byline.test</a>"))
            // The reporter's e-mail at the end, tags, related and best articles, back to top.
            #expect(html.contains("<a href=\"/reporters/1\">홍길동 기자</a> <a class=\"email\" href=\"mailto:gildong@byline.test\">gildong@byline.test</a>"))
            #expect(html.contains("<a href=\"/tags/%EC%84%9C%EC%9A%B8\">#서울</a>"))
            #expect(html.contains("<a href=\"/tags/%EC%97%AC%EB%A6%84%20%ED%9C%B4%EA%B0%80\">#여름 휴가</a>"))
            #expect(html.contains("관련 기사"))
            #expect(html.contains("<a href=\"/news/\(fixture.secondID)\">기준금리 동결 전망 우세</a>"))
            #expect(html.contains("[베스트 기사]"))
            #expect(html.contains("<time datetime=\"2024-10-10T14:03:00+09:00\">2024-10-10 14:03</time>"))
            #expect(html.contains("aria-label=\"광고\""))
            #expect(html.contains("<a href=\"#top\">Top으로 이동</a>"))
            #expect(html.contains("<body id=\"top\">"))
            // Landmarks and share metadata.
            #expect(html.contains("<main id=\"main\""))
            #expect(html.contains("<nav class=\"site-nav\" aria-label=\"주 메뉴\">"))
            #expect(html.contains("<meta property=\"og:title\" content=\"서울시, 한강 야간 수영장 개장\">"))
            #expect(html.contains("<meta property=\"og:image\" content=\"http://127.0.0.1:0/media/test-photo.svg\">"))
            #expect(html.contains("저작권자 © 바이라인뉴스 무단전재 및 재배포 금지"))
        }
    }

    @Test("a photo from outside the newsroom carries its credit line")
    func handoutCredit() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/news/\(fixture.secondID)", method: .get).text
            #expect(html.contains("<span class=\"photo-credit\">[세종=Byline] 기획재정부 제공 =</span> 회의장 모습."))
            #expect(html.contains("<span class=\"lead\">[세종=Byline] 김하늘 기자 =</span>"))
        }
    }

    @Test("markup typed into an article is shown as text, never run")
    func markupIsEscaped() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let id = try await fixture.store.publish(NewArticle(
            headline: "<script>alert(1)</script> 제목", subheadlines: ["<b>부제</b>"],
            body: "본문 <script>alert(2)</script> 그리고 <img src=x onerror=alert(3)>", section: SectionPath("economy")!,
            authorEmails: ["haneul@byline.test"], tags: [Tag("<i>태그")!], publishedAt: WebFixture.leadPublished))
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/news/\(id)", method: .get).text
            #expect(!html.contains("<script>"))
            #expect(!html.contains("<img src=x"))
            #expect(!html.contains("<b>부제"))
            #expect(!html.contains("<i>태그"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; 제목"))
        }
    }

    @Test("reading an article counts a view for most-read")
    func viewsAreCounted() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        // Given: the second article leads the hour with 30 views against 10.
        let before = try await fixture.store.popular(.hour, page: .init(limit: 5), asOf: WebFixture.now)
        #expect(before.items.first?.id == fixture.secondID)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            for _ in 0..<25 {
                _ = try await client.execute(uri: "/news/\(fixture.leadID)", method: .get)
            }
        }
        // Then: the views, flushed when the application shut down, move the lead article to the top.
        let after = try await fixture.store.popular(.hour, page: .init(limit: 5), asOf: WebFixture.now)
        #expect(after.items.first?.id == fixture.leadID)
    }

    @Test("an embargoed article is not found before its time")
    func embargoed() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/news/\(fixture.futureID)", method: .get)
            #expect(response.status == .notFound)
            #expect(!response.text.contains("엠바고 본문"))
        }
    }

    @Test("every page type carries the legal footer, from the configuration")
    func legalFooter() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        var masthead = Masthead()
        masthead.registrationNumber = "서울 아54321"
        masthead.publisher = "문발행"
        masthead.editor = "서편집"
        masthead.youthOfficer = "안청소"
        masthead.youthOfficerContact = "02-111-2222"
        masthead.address = "서울특별시 종로구 시험길 7"
        masthead.phone = "02-333-4444"
        masthead.registrationDate = "2025.03.01"
        let app = try await buildApplication(
            configuration: WebConfiguration(
                port: 0, siteName: "시험일보", mediaDirectory: fixture.directory.appendingPathComponent("media"), masthead: masthead),
            store: fixture.store, newsroom: fixture.accounts, clock: .fixed(WebFixture.now))
        try await app.test(.router) { client in
            for uri in ["/", "/news/\(fixture.leadID)", "/latest", "/section/society", "/tags/\(percentEncode("서울"))", "/reporters/1",
                        "/search?q=\(percentEncode("수영장"))", "/popular", "/all", "/breaking", "/news/99999", "/admin/login"] {
                let html = try await client.execute(uri: uri, method: .get).text
                for item in ["제호 시험일보", "등록번호 서울 아54321", "등록일 2025.03.01", "발행인 문발행", "편집인 서편집",
                             "청소년보호책임자 안청소 (02-111-2222)", "주소 서울특별시 종로구 시험길 7", "전화 02-333-4444",
                             "저작권자 © 시험일보 무단전재 및 재배포 금지"] {
                    #expect(html.contains(item), "\(uri) lacks \(item)")
                }
            }
        }
        #expect(masthead.unset.isEmpty)
        #expect(Masthead.demo.unset.count == 8)
    }
}
