import BylineAccounts
import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Kills (킬) as readers, clients, search engines and the desk meet them.
@Suite("Kills")
struct KillTests {
    static let headline = "마포구 새 도서관 문 연다"
    static let bodyText = "마포구가 새 구립 도서관을 연다."

    /// An article written and published through the newsroom; returns its id.
    func published(_ newsroom: NewsroomWebFixture, site: BylineSite) async throws -> ArticleID {
        let document = try ArticleForm.document(from: NewsroomWebFixture.articleFields)
        let id = try await site.newsroom.create(document, embargoUntil: nil, by: newsroom.editor)
        try await site.newsroom.publish(id, by: newsroom.editor)
        return id
    }

    @Test("a killed article answers 410 with a notice and leaves every cached page, list, feed, sitemap and search at once; clients and IndexNow are told")
    func killEverywhere() async throws {
        let fake = IndexNowTests.FakeEndpoint(answers: [])
        try await fake.application.test(.live) { endpointClient in
            let newsroom = try await NewsroomWebFixture()
            let port = try #require(endpointClient.port)
            let indexNow = try #require(IndexNowConfiguration(
                key: "byline-test-key-2024", endpoints: ["http://127.0.0.1:\(port)/indexnow"], interval: .milliseconds(50)))
            let site = try await BylineSite(
                configuration: WebConfiguration(
                    port: 0, publicURL: "https://news.byline.test", mediaDirectory: newsroom.web.directory, indexNow: indexNow),
                store: newsroom.web.store, newsroom: newsroom.web.accounts, clock: NewsClock { newsroom.now })
            try await site.application().test(.router) { client in
                let id = try await published(newsroom, site: site)
                let word = try #require("도서관".addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                let pages = [
                    "/", "/latest", "/section/society", "/section/society/seoul", "/tags/\(word)", "/rss.xml",
                    "/sitemap-news.xml", "/search?q=\(word)", "/api/v1/articles",
                ]
                // Every page is cached with the article on it.
                // (Search results mark the words found inside the headline: there, its link is looked for.)
                func shows(_ uri: String, _ text: String) -> Bool {
                    uri.hasPrefix("/search") ? text.contains("href=\"/news/\(id)\"") : text.contains(Self.headline)
                }
                for uri in pages + ["/news/\(id)", "/api/v1/articles/\(id)"] {
                    _ = try await client.execute(uri: uri, method: .get)
                    let cached = try await client.execute(uri: uri, method: .get)
                    #expect(shows(uri, cached.text), "\(uri) shows it")
                }
                #expect(try await client.execute(uri: "/news/\(id)", method: .get).headers[.xCache] == "hit")

                try await site.newsroom.kill(id, reason: "사실관계 오류로 전면 취소", by: newsroom.editor)

                let page = try await client.execute(uri: "/news/\(id)", method: .get)
                #expect(page.status == .gone)
                #expect(page.text.contains("취소된 기사입니다"))
                #expect(page.text.contains("<html lang=\"ko\""))
                #expect(!page.text.contains(Self.headline) && !page.text.contains(Self.bodyText), "never the text")
                #expect(!page.text.contains("사실관계 오류"), "the reason is for clients, not readers")
                // On the very next request, not after a refresh behind a stale copy.
                // (The tag page goes too: no public article carries the tag any more.)
                for uri in pages {
                    let answer = try await client.execute(uri: uri, method: .get)
                    #expect(answer.status == (uri.hasPrefix("/tags/") ? .notFound : .ok), "\(uri)")
                    #expect(!shows(uri, answer.text), "\(uri) still shows the killed article")
                }
                let api = try await client.execute(uri: "/api/v1/articles/\(id)", method: .get)
                #expect(api.status == .gone)
                #expect(api.headers[.contentType] == "application/problem+json")
                #expect(!api.text.contains(Self.bodyText))

                let kills = try await client.execute(uri: "/api/v1/kills", method: .get)
                #expect(kills.status == .ok)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: kills.body)) as? [String: Any])
                let listed = try #require((object["kills"] as? [[String: Any]])?.first)
                #expect(listed["id"] as? Int == Int(id.rawValue))
                #expect(listed["url"] as? String == "https://news.byline.test/news/\(id)")
                #expect(listed["headline"] as? String == Self.headline)
                #expect(listed["reason"] as? String == "사실관계 오류로 전면 취소")
                #expect(listed["killed_at"] as? String == KoreanTime.iso8601(newsroom.now))
                #expect(object.keys.contains("next_cursor"))
                #expect(try await client.execute(uri: "/api/v1/kills?cursor=garbage", method: .get).status == .badRequest)
                #expect(try await client.execute(uri: "/api/v1/kills?limit=0", method: .get).status == .badRequest)

                // Search engines hear of it: the publish and the kill each send the URL.
                var urls: [String] = []
                for _ in 0..<200 where urls.count < 2 {
                    try await Task.sleep(for: .milliseconds(50))
                    urls = fake.requests.flatMap { $0["urlList"] as? [String] ?? [] }
                }
                #expect(urls == ["https://news.byline.test/news/\(id)", "https://news.byline.test/news/\(id)"])

                // The history keeps who killed it and why; the article stays in the newsroom, marked.
                let log = try await newsroom.web.accounts.auditLog(id)
                #expect(log.last?.action == .kill && log.last?.userName == "박편집" && log.last?.detail == "사실관계 오류로 전면 취소")
                #expect(try await site.newsroom.draft(id).status == .killed)
            }
        }
    }

    @Test("the desk kills through its form with a reason; an empty reason is refused beside the field; a killed article cannot be edited or revived")
    func deskForm() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let id = try await published(newsroom, site: newsroom.site)
            let reporter = try await newsroom.signIn(client, as: newsroom.reporter)
            #expect(!(try await newsroom.get(client, "/admin/articles/\(id)", as: reporter).text.contains("/kill\"")), "no kill for reporters")
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/kill", ["kill_reason": "기자가"], as: reporter).status == .forbidden)

            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let form = try await newsroom.get(client, "/admin/articles/\(id)", as: editor).text
            #expect(form.contains("action=\"/admin/articles/\(id)/kill\""))
            #expect(form.contains("킬 사유"))

            let empty = try await newsroom.post(client, "/admin/articles/\(id)/kill", ["kill_reason": "   "], as: editor)
            #expect(empty.status == .badRequest)
            #expect(empty.text.contains("킬 사유를 1~200자로 써 주세요."))
            let long = String(repeating: "가", count: 201)
            let tooLong = try await newsroom.post(client, "/admin/articles/\(id)/kill", ["kill_reason": long], as: editor)
            #expect(tooLong.status == .badRequest)
            #expect(tooLong.text.contains(long), "what was typed is kept")
            #expect(try await client.execute(uri: "/news/\(id)", method: .get).status == .ok, "nothing was killed")

            let killed = try await newsroom.post(client, "/admin/articles/\(id)/kill", ["kill_reason": "<b>법원</b> 결정"], as: editor)
            #expect(killed.status == .seeOther)
            #expect(try await client.execute(uri: "/news/\(id)", method: .get).status == .gone)

            let after = try await newsroom.get(client, "/admin/articles/\(id)", as: editor).text
            #expect(after.contains("킬"))
            #expect(after.contains("&lt;b&gt;법원&lt;/b&gt; 결정"), "the reason in the history, escaped")
            #expect(!after.contains("<b>법원</b>"))
            for action in ["publish", "unpublish", "kill", "correct"] {
                #expect(!after.contains("action=\"/admin/articles/\(id)/\(action)\""), "no \(action) button on a killed article")
            }
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/publish", [:], as: editor).status == .forbidden)
            var fields = NewsroomWebFixture.articleFields
            fields["headline"] = "되살리려는 제목"
            fields["version"] = String(try await newsroom.site.newsroom.draft(id).version)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)", fields, as: editor).status == .forbidden)
            #expect(try await newsroom.site.newsroom.draft(id).document.headline == Self.headline)
            let list = try await newsroom.get(client, "/admin?status=killed", as: editor).text
            #expect(list.contains(Self.headline), "the desk lists killed articles")
        }
    }

    @Test("the Admin API kills with a reason; refusals say why")
    func adminAPI() async throws {
        let newsroom = try await NewsroomWebFixture()
        let token = Credentials.newToken()
        try await newsroom.web.accounts.createAPIToken(
            hash: Credentials.tokenHash(token), userID: newsroom.editor.id, name: "wire", at: newsroom.now)
        try await newsroom.site.application().test(.router) { client in
            let id = try await published(newsroom, site: newsroom.site)
            func kill(_ target: ArticleID, _ body: String) async throws -> (HTTPResponse.Status, String) {
                let response = try await client.execute(
                    uri: "/api/v1/admin/articles/\(target)/kill", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: body))
                return (response.status, response.text)
            }
            let missing = try await kill(id, "{}")
            #expect(missing.0 == .badRequest)
            #expect(missing.1.contains("\"reason\""))
            #expect(try await kill(id, "{\"reason\": ").0 == .badRequest)

            let draft = try await newsroom.site.newsroom.create(
                try ArticleForm.document(from: NewsroomWebFixture.articleFields), embargoUntil: nil, by: newsroom.editor)
            let refused = try await kill(draft, #"{"reason": "초안"}"#)
            #expect(refused.0 == .forbidden)
            #expect(refused.1.contains("킬할 수 없습니다"))

            let done = try await kill(id, #"{"reason": "저작권 분쟁"}"#)
            #expect(done.0 == .ok)
            #expect(done.1.contains(#""status":"killed""#))
            #expect(try await kill(id, #"{"reason": "또"}"#).0 == .forbidden)
            #expect(try await client.execute(uri: "/news/\(id)", method: .get).status == .gone)
        }
    }
}
