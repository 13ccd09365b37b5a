import BylineCore
import Foundation
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Feeds, sitemaps and structured data")
struct DistributionTests {
    @Test("the site feed reads cleanly in a feed reader, with creators, dates in +0900 and Media RSS")
    func siteFeed() async throws {
        let fixture = try await WebFixture(fillerArticles: 60)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/rss.xml", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/rss+xml; charset=utf-8")
            let feed = try DocumentInspector.inspect("feed", response.text)
            #expect(feed["bozo"] as? Bool == false)
            #expect(feed["language"] as? String == "ko")
            let entries = try #require(feed["entries"] as? [[String: Any]])
            #expect(entries.count == 50, "the 50 newest")
            let lead = try #require(entries.first { $0["title"] as? String == "서울시, 한강 야간 수영장 개장" })
            #expect(lead["link"] as? String == "http://127.0.0.1:0/news/\(fixture.leadID)")
            #expect(lead["id"] as? String == "http://127.0.0.1:0/news/\(fixture.leadID)")
            #expect(lead["published"] as? String == "Thu, 10 Oct 2024 16:23:00 +0900")
            #expect(lead["author"] as? String == "홍길동")
            #expect(lead["summary"] as? String == "서울시가 한강 야간 수영장을 연다고 밝혔다.")
            #expect(lead["tags"] as? [String] == ["서울시", "기사"], "the section, then the kind")
            let media = try #require((lead["media_content"] as? [[String: Any]])?.first)
            #expect(media["url"] as? String == "http://127.0.0.1:0/media/test-photo.svg")
            #expect(media["type"] as? String == "image/svg+xml")
            #expect(media["width"] as? String == "1200")
            #expect(media["height"] as? String == "675")
            let credit = try #require((lead["media_credit"] as? [[String: Any]])?.first)
            #expect(credit["content"] as? String == "김하늘 기자")
            #expect(!response.text.contains("엠바고"))
        }
    }

    @Test("section feeds include subsections; reporter feeds only the reporter; pages link their feeds")
    func sectionAndReporterFeeds() async throws {
        let fixture = try await WebFixture(fillerArticles: 3)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let society = try DocumentInspector.inspect("feed", try await client.execute(uri: "/section/society/rss.xml", method: .get).text)
            let titles = (society["entries"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
            #expect(titles.contains("서울시, 한강 야간 수영장 개장"))
            #expect(titles.contains("단신 0"))
            #expect(!titles.contains("기준금리 동결 전망 우세"))
            let seoul = try await client.execute(uri: "/section/society/seoul/rss.xml", method: .get)
            #expect(seoul.status == .ok)
            #expect(!seoul.text.contains("단신 0"))
            #expect(try await client.execute(uri: "/section/nowhere/rss.xml", method: .get).status == .notFound)

            let reporter = try DocumentInspector.inspect("feed", try await client.execute(uri: "/reporters/2/rss.xml", method: .get).text)
            let reporterTitles = (reporter["entries"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
            #expect(reporterTitles == ["기준금리 동결 전망 우세"], "the embargoed article of the same reporter is not in it")

            let page = try await client.execute(uri: "/section/society", method: .get).text
            #expect(page.contains(#"<link rel="alternate" type="application/rss+xml" title="바이라인뉴스" href="http://127.0.0.1:0/rss.xml">"#))
            #expect(page.contains(#"href="http://127.0.0.1:0/section/society/rss.xml""#))
            let reporterPage = try await client.execute(uri: "/reporters/2", method: .get).text
            #expect(reporterPage.contains(#"href="http://127.0.0.1:0/reporters/2/rss.xml""#))
        }
    }

    @Test("the article page carries NewsArticle JSON-LD and Open Graph as an extractor reads them")
    func structuredData() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/news/\(fixture.leadID)", method: .get).text
            let data = try DocumentInspector.inspect("jsonld", html)
            let article = try #require((data["json-ld"] as? [[String: Any]])?.first { $0["@type"] as? String == "NewsArticle" })
            #expect(article["headline"] as? String == "서울시, 한강 야간 수영장 개장")
            #expect(article["datePublished"] as? String == "2024-10-10T16:23:00+09:00")
            #expect(article["dateModified"] as? String == "2024-10-10T16:23:00+09:00")
            #expect(article["articleSection"] as? String == "서울시")
            #expect(article["dateline"] as? String == "서울")
            let author = try #require((article["author"] as? [[String: Any]])?.first)
            #expect(author["@type"] as? String == "Person")
            #expect(author["name"] as? String == "홍길동")
            #expect(author["url"] as? String == "http://127.0.0.1:0/reporters/1")
            let image = try #require((article["image"] as? [[String: Any]])?.first)
            #expect(image["@type"] as? String == "ImageObject")
            #expect(image["width"] as? Int == 1200)
            let publisher = try #require(article["publisher"] as? [String: Any])
            #expect(publisher["@type"] as? String == "Organization")
            #expect((publisher["logo"] as? [String: Any])?["@type"] as? String == "ImageObject")
            let page = try #require(article["mainEntityOfPage"] as? [String: Any])
            #expect(page["@id"] as? String == "http://127.0.0.1:0/news/\(fixture.leadID)")

            let og = try #require((data["opengraph"] as? [[String: Any]])?.first)
            #expect(og["@type"] as? String == "article", "extruct puts og:type in @type")
            #expect(og["og:title"] as? String == "서울시, 한강 야간 수영장 개장")

            // Every page has a canonical link and Open Graph, not only articles.
            let home = try DocumentInspector.inspect("jsonld", try await client.execute(uri: "/latest", method: .get).text)
            #expect(((home["opengraph"] as? [[String: Any]])?.first?["og:url"] as? String) == "http://127.0.0.1:0/latest")
        }
    }

    @Test("JSON-LD is the JSON Foundation writes, made script-safe, whatever an editor typed")
    func structuredDataBytes() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let headline = "따옴표 \" 역슬래시 \\ 슬래시 / </script><!-- & 끝"
        let id = try await fixture.store.publish(NewArticle(
            headline: headline, body: "본문 \u{1}\t줄\n바꿈", section: SectionPath("economy")!, authorEmails: ["haneul@byline.test"],
            tags: [Tag("태그<b>")!], publishedAt: WebFixture.leadPublished))
        try await fixture.application().test(.router) { client in
            for path in ["/news/\(id)", "/news/\(fixture.leadID)"] {
                let html = try await client.execute(uri: path, method: .get).text
                let start = try #require(html.range(of: #"<script type="application/ld+json">"#)).upperBound
                let json = String(html[start...].prefix { $0 != "<" })
                #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"), "nothing in it can end the script")
                // JSONEncoder (as the page used to write it), given what the JSON means, writes the same bytes.
                let value = try JSONDecoder().decode(AnyJSON.self, from: Data(json.utf8))
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let reference = String(decoding: try encoder.encode(value), as: UTF8.self)
                    .replacingOccurrences(of: "<", with: #"\u003c"#).replacingOccurrences(of: ">", with: #"\u003e"#)
                    .replacingOccurrences(of: "&", with: #"\u0026"#)
                #expect(json == reference)
                if path.hasSuffix("\(id)"), case .object(let members) = value { #expect(members["headline"] == .string(headline)) }
            }
        }
    }

    @Test("the Google News sitemap keeps to two days, 1,000 URLs and Seoul time")
    func newsSitemap() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        // 1,100 articles in the last day, and one from three days ago.
        var records: [ExchangeRecord] = (0..<1_100).map { number in
            .article(ArticleDocument(
                headline: "속보 \(number)", body: "본문", section: SectionPath("economy")!,
                authors: [Byline(name: "김하늘", email: "haneul@byline.test")],
                publishedAt: WebFixture.now.addingTimeInterval(Double(-60 * (number + 1)))))
        }
        records.append(.article(ArticleDocument(
            headline: "사흘 전 기사", body: "본문", section: SectionPath("economy")!,
            authors: [Byline(name: "김하늘", email: "haneul@byline.test")], publishedAt: WebFixture.now.addingTimeInterval(-3 * 86_400))))
        _ = try await fixture.store.importRecords(records, at: WebFixture.now)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let sitemap = try DocumentInspector.inspect("sitemap", try await client.execute(uri: "/sitemap-news.xml", method: .get).text)
            let entries = try #require(sitemap["entries"] as? [[String: Any]])
            #expect(sitemap["root"] as? String == "urlset")
            #expect(entries.count == 1_000)
            #expect(entries.allSatisfy { ($0["publication_date"] as? String)?.hasSuffix("+09:00") == true })
            #expect(entries.allSatisfy { $0["language"] as? String == "ko" && $0["name"] as? String == "바이라인뉴스" })
            #expect(entries.first?["title"] as? String == "속보 0")
            #expect(!entries.contains { $0["title"] as? String == "사흘 전 기사" })
            #expect(!entries.contains { ($0["title"] as? String)?.contains("엠바고") == true })
        }
    }

    @Test("the sitemap index points at monthly article sitemaps and the sections, named in robots.txt")
    func sitemapIndex() async throws {
        let fixture = try await WebFixture(fillerArticles: 2)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let index = try DocumentInspector.inspect("sitemap", try await client.execute(uri: "/sitemap.xml", method: .get).text)
            #expect(index["root"] as? String == "sitemapindex")
            let locations = (index["entries"] as? [[String: Any]] ?? []).compactMap { $0["loc"] as? String }
            #expect(locations == ["http://127.0.0.1:0/sitemaps/sections.xml", "http://127.0.0.1:0/sitemaps/articles-2024-10.xml"])

            let month = try DocumentInspector.inspect("sitemap", try await client.execute(uri: "/sitemaps/articles-2024-10.xml", method: .get).text)
            let urls = (month["entries"] as? [[String: Any]] ?? [])
            #expect(urls.count == 4, "four public articles; the embargoed one is not listed")
            #expect(urls.contains { $0["loc"] as? String == "http://127.0.0.1:0/news/\(fixture.leadID)" && $0["lastmod"] as? String == "2024-10-10T16:23:00+09:00" })

            let sections = try await client.execute(uri: "/sitemaps/sections.xml", method: .get).text
            #expect(sections.contains("<loc>http://127.0.0.1:0/section/society/seoul</loc>"))
            #expect(try await client.execute(uri: "/sitemaps/articles-1999-01.xml", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/sitemaps/../robots.txt", method: .get).status == .notFound)

            let robots = try await client.execute(uri: "/robots.txt", method: .get).text
            #expect(robots.contains("Sitemap: http://127.0.0.1:0/sitemap.xml"))
            #expect(robots.contains("Sitemap: http://127.0.0.1:0/sitemap-news.xml"))
        }
    }

    @Test("a month past 50,000 articles is split into daily sitemaps")
    func largeMonth() {
        let days = (1...3).map { day in
            ArchiveDay(day: KoreanDay("2024-10-0\(day)")!, articleCount: 20_000, lastModified: Date(timeIntervalSince1970: Double(day)))
        } + [ArchiveDay(day: KoreanDay("2024-11-01")!, articleCount: 5, lastModified: Date(timeIntervalSince1970: 9))]
        let periods = Sitemaps.periods(days)
        #expect(periods.map(\.name) == ["articles-2024-10-01", "articles-2024-10-02", "articles-2024-10-03", "articles-2024-11"])
        #expect(periods.last?.since == KoreanDay("2024-11-01")!.start)
        #expect(periods.last?.until == KoreanDay("2024-12-01")!.start)
    }
}

/// Any JSON value, to read JSON and write it back with JSONEncoder.
enum AnyJSON: Codable, Equatable {
    case string(String), number(Int), bool(Bool), array([AnyJSON]), object([String: AnyJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { self = .string(text) }
        else if let number = try? container.decode(Int.self) { self = .number(number) }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let items = try? container.decode([AnyJSON].self) { self = .array(items) }
        else { self = .object(try container.decode([String: AnyJSON].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }
}
