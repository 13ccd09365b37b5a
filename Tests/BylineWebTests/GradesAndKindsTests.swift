import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Grades, kinds and pinned top stories")
struct GradesAndKindsTests {
    func publish(
        _ newsroom: NewsroomWebFixture, _ headline: String, section: String = "society/seoul", grade: ArticleGrade = .normal,
        kind: ArticleKind = .article, photo: Bool = false
    ) async throws -> ArticleID {
        let document = ArticleDocument(
            headline: headline, body: "\(headline) 본문.", section: SectionPath(section)!,
            authors: [Byline(name: "", email: "gildong@byline.test")], publishedAt: nil,
            photos: photo ? [PhotoDocument(url: "/media/test-photo.svg", caption: "사진", alt: "사진")] : [], grade: grade, kind: kind)
        let id = try await newsroom.site.newsroom.create(document, embargoUntil: nil, by: newsroom.editor)
        try await newsroom.site.newsroom.publish(id, by: newsroom.editor)
        return id
    }

    /// The lead story's link on the home page.
    func lead(_ client: some TestClientProtocol) async throws -> String? {
        let html = try await client.execute(uri: "/", method: .get).text
        return html.firstMatch(of: /class="lead-headline">(?:<span class="kind-label">[^<]*<\/span> )?<a href="([^"]+)"/).map { String($0.1) }
    }

    @Test("헤드라인 leads the home page, 중요 heads its section block, and a pin outranks both until it ends")
    func placement() async throws {
        let newsroom = try await NewsroomWebFixture()
        let headline = try await publish(newsroom, "헤드라인 기사", grade: .headline)
        newsroom.advance(60)
        _ = try await publish(newsroom, "사진 있는 새 기사", photo: true)
        _ = try await publish(newsroom, "경제 중요 기사", section: "economy", grade: .important)
        newsroom.advance(60)
        _ = try await publish(newsroom, "경제 새 기사", section: "economy")
        let release = try await publish(newsroom, "보도자료 기사", kind: .pressRelease)

        let uncached = try await BylineSite(
            configuration: WebConfiguration(port: 0, mediaDirectory: newsroom.web.directory, cacheEnabled: false),
            store: newsroom.web.store, newsroom: newsroom.web.accounts, clock: NewsClock { newsroom.now })
        try await uncached.application().test(.router) { client in
            #expect(try await lead(client) == "/news/\(headline)", "a 헤드라인 article leads, photo or not")
            let home = try await client.execute(uri: "/", method: .get).text
            let economy = try #require(home.range(of: ">경제</a></h2>").map { home[$0.upperBound...] })
            let importantAt = try #require(economy.range(of: "경제 중요 기사")).lowerBound
            let newerAt = try #require(economy.range(of: "경제 새 기사")).lowerBound
            #expect(importantAt < newerAt, "중요 above the newer article in its section block")

            try await uncached.newsroom.pin(release, position: 1, until: newsroom.now.addingTimeInterval(3600), by: newsroom.editor)
            #expect(try await lead(client) == "/news/\(release)", "a pinned story leads while pinned")
            await #expect(throws: BylineError.self) {
                try await uncached.newsroom.pin(release, position: 1, until: newsroom.now.addingTimeInterval(60), by: newsroom.reporter)
            }
            newsroom.advance(3601)
            #expect(try await lead(client) == "/news/\(headline)", "the pin ends at its time")
        }
    }

    @Test("a press release is labelled everywhere readers and machines meet it")
    func kinds() async throws {
        let newsroom = try await NewsroomWebFixture()
        let id = try await publish(newsroom, "구청 보도자료 배포", kind: .pressRelease)
        try await newsroom.site.application().test(.router) { client in
            let page = try await client.execute(uri: "/news/\(id)", method: .get).text
            #expect(page.contains("<p class=\"kind-label\">보도자료</p>"))
            // Only the press release is labelled on its page: the related and best articles are not.
            #expect(page.components(separatedBy: "kind-label\">보도자료").count == 2, "one label on the page, not one per card")
            for uri in ["/", "/latest", "/section/society/seoul"] {
                #expect(try await client.execute(uri: uri, method: .get).text.contains("<span class=\"kind-label\">보도자료</span>"), "\(uri)")
            }
            let feed = try await client.execute(uri: "/rss.xml", method: .get).text
            #expect(feed.contains("<category domain=\"kind\">보도자료</category>"))
            let api = try await client.execute(uri: "/api/v1/articles/\(id)", method: .get).text
            #expect(api.contains("\"article_kind\":\"press_release\"") && api.contains("\"grade\":\"normal\""))
            let ninjs = try await client.execute(uri: "/api/v1/articles/\(id)?format=ninjs", method: .get).text
            #expect(ninjs.contains("\"genres\":[{\"literal\":\"press_release\",\"name\":\"보도자료\"}"), "\(ninjs)")
            let structured = try DocumentInspector.inspect("jsonld", page)
            let article = try #require((structured["json-ld"] as? [[String: Any]])?.first)
            #expect(article["genre"] as? String == "보도자료")
        }
        // The exchange format carries both, and refuses what it does not know.
        let line = String(decoding: ExchangeEncoder.line(.article(try await newsroom.site.newsroom.draft(id).document)), as: UTF8.self)
        #expect(line.contains("\"article_kind\":\"press_release\"") && line.contains("\"grade\":\"normal\""))
        #expect(throws: ExchangeLineError.self) {
            try ExchangeDecoder.decode(Array(line.replacingOccurrences(of: "press_release", with: "rumour").utf8))
        }
    }
}
