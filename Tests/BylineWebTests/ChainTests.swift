import BylineAccounts
import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Story chains (속보 → 2보 → 종합) as readers, feeds, clients and the desk see them.
@Suite("Story chains")
struct ChainTests {
    static let flashHeadline = "한강 다리 통행 전면 통제"
    static let updateHeadline = "한강 다리 통제 3시간 만에 풀려"

    /// A published flash and its published 2보; returns their ids.
    func chain(_ newsroom: NewsroomWebFixture) async throws -> (flash: ArticleID, update: ArticleID) {
        var fields = NewsroomWebFixture.articleFields
        fields["headline"] = Self.flashHeadline
        fields["body"] = "한강 다리 한 곳의 통행이 통제됐다."
        let site = newsroom.site
        let flash = try await site.newsroom.create(try ArticleForm.document(from: fields), embargoUntil: nil, by: newsroom.editor)
        try await site.newsroom.publish(flash, by: newsroom.editor)
        newsroom.advance(60)
        let update = try await site.newsroom.followUp(flash, by: newsroom.editor)
        var document = try await site.newsroom.draft(update).document
        #expect(document.section == SectionPath("society/seoul"), "the section is carried forward")
        #expect(document.tags.map(\.name) == ["도서관", "마포"], "and the tags")
        #expect(document.authors.map(\.email) == ["gildong@byline.test"], "and the authors")
        #expect(document.dateline == "서울", "and the dateline")
        document.headline = Self.updateHeadline
        document.body = "통제는 세 시간 만에 풀렸다."
        let version = try await site.newsroom.draft(update).version
        try await site.newsroom.save(update, document, embargoUntil: nil, version: version, by: newsroom.editor)
        return (flash, update)
    }

    /// Polls until `uri` shows what `check` wants: a list marked stale is served once more
    /// while its render runs behind the reader who got it.
    func eventually(_ client: some TestClientProtocol, _ uri: String, _ check: (String) -> Bool) async throws -> Bool {
        for _ in 0..<250 {
            if check(try await client.execute(uri: uri, method: .get).text) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test("an earlier version says at once that a newer one exists; lists show the newest; feeds, JSON-LD and the API carry the chain")
    func readers() async throws {
        let newsroom = try await NewsroomWebFixture()
        let site = newsroom.site
        try await site.application().test(.router) { client in
            let (flash, update) = try await chain(newsroom)
            // The flash's page and the lists are cached before the 2보 goes out.
            for uri in ["/news/\(flash)", "/latest", "/"] {
                _ = try await client.execute(uri: uri, method: .get)
                #expect(try await client.execute(uri: uri, method: .get).headers[.xCache] == "hit", "\(uri)")
            }
            #expect(!(try await client.execute(uri: "/news/\(flash)", method: .get).text.contains("chain-line")), "alone in public: no chain yet")
            try await site.newsroom.publish(update, by: newsroom.editor)

            let earlier = try await client.execute(uri: "/news/\(flash)", method: .get).text
            #expect(earlier.contains("이 기사의 새 기사가 나왔습니다."), "shown without waiting for the cached copy to expire")
            #expect(earlier.contains("<a href=\"/news/\(update)\">[2보] \(Self.updateHeadline)</a>"))
            #expect(earlier.contains("이 기사는 <strong>속보</strong>입니다 · <a href=\"/news/\(update)\">최신 기사 보기</a>"))
            #expect(earlier.contains(#""relatedLink":"http://127.0.0.1:0/news/\#(update)""#))
            let newest = try await client.execute(uri: "/news/\(update)", method: .get).text
            #expect(newest.contains("이 기사는 <strong>2보</strong>입니다</p>"))
            #expect(!newest.contains("최신 기사 보기") && !newest.contains("새 기사가 나왔습니다"))
            #expect(newest.contains(#""isBasedOn":["http://127.0.0.1:0/news/\#(flash)"]"#))
            #expect(newest.contains("이 기사의 흐름"))
            #expect(newest.contains("<a href=\"/news/\(flash)\"><span class=\"chain-place\">속보</span> \(Self.flashHeadline)</a>"))

            for uri in ["/latest", "/section/society/seoul"] {
                let newestOnly = try await eventually(client, uri) {
                    $0.contains("href=\"/news/\(update)\"") && !$0.contains("href=\"/news/\(flash)\"")
                }
                #expect(newestOnly, "\(uri) shows the 2보 and no longer the flash")
            }
            // The front page's lists too (its most-read box counts what readers read, the flash included).
            #expect(try await eventually(client, "/") { $0.contains("href=\"/news/\(update)\"") })
            // Search finds both, the newest first.
            let word = try #require("한강".addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let found = try await client.execute(uri: "/search?q=\(word)", method: .get).text
            let newestAt = try #require(found.range(of: "href=\"/news/\(update)\"")?.lowerBound)
            let earlierAt = try #require(found.range(of: "href=\"/news/\(flash)\"")?.lowerBound)
            #expect(newestAt < earlierAt)
            let foundByAPI = try json(try await client.execute(uri: "/api/v1/search?q=\(word)", method: .get))
            let apiIDs = (foundByAPI["results"] as? [[String: Any]] ?? []).compactMap { ($0["article"] as? [String: Any])?["id"] as? Int }
            let newestPlace = try #require(apiIDs.firstIndex(of: Int(update.rawValue)))
            let earlierPlace = try #require(apiIDs.firstIndex(of: Int(flash.rawValue)))
            #expect(newestPlace < earlierPlace, "the search API too")
            // Feeds take every version, marked by the agency's convention.
            let feed = try await client.execute(uri: "/rss.xml", method: .get).text
            #expect(feed.contains("<title>[속보] \(Self.flashHeadline)</title>"))
            #expect(feed.contains("<title>(2보) \(Self.updateHeadline)</title>"))

            let api = try json(try await client.execute(uri: "/api/v1/articles/\(flash)", method: .get))
            let chain = try #require(api["chain"] as? [String: Any])
            #expect(chain["ids"] as? [Int] == [Int(flash.rawValue), Int(update.rawValue)])
            #expect(chain["place"] as? Int == 1)
            #expect(chain["label"] as? String == "속보")
            #expect(chain["newest"] as? Int == Int(update.rawValue))
            #expect(try await client.execute(uri: "/api/v1/articles/\(newsroom.web.leadID)", method: .get).text.contains(#""chain":null"#),
                    "an article that stands alone says so")
            let listed = try json(try await client.execute(uri: "/api/v1/articles?limit=50", method: .get))
            let ids = (listed["articles"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            #expect(ids.contains(Int(flash.rawValue)) && ids.contains(Int(update.rawValue)), "clients get every version")
            let ninjsResponse = try await client.execute(uri: "/api/v1/articles/\(update)?format=ninjs", method: .get)
            #expect(try DocumentInspector.schemaErrors("ninjs", ninjsResponse.text) == [])
            let ninjs = try json(ninjsResponse)
            let newsML = try await client.execute(uri: "/api/v1/articles/\(update)?format=newsml", method: .get).text
            #expect(try DocumentInspector.schemaErrors("newsml", newsML) == [])
            #expect(newsML.contains("href=\"http://127.0.0.1:0/news/\(flash)\" contenttype=\"text/html\" title=\"[속보] "), "the earlier version")
            let versions = (ninjs["associations"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "text" }
            #expect(versions.map { $0["name"] as? String } == ["version1"])
            #expect(versions.first?["uri"] as? String == "http://127.0.0.1:0/news/\(flash)")

            // The editor marks the 2보 as the 종합: its page and the feed follow.
            try await site.newsroom.editChain(update, .roundup(true), by: newsroom.editor)
            #expect(try await client.execute(uri: "/news/\(update)", method: .get).text.contains("이 기사는 <strong>종합</strong>입니다"))
            #expect(try await eventually(client, "/rss.xml") { $0.contains("<title>(종합) \(Self.updateHeadline)</title>") })
            // Taken down, the 2보 leaves the flash alone again, on its page and in the lists.
            try await site.newsroom.unpublish(update, by: newsroom.editor)
            #expect(!(try await client.execute(uri: "/news/\(flash)", method: .get).text.contains("새 기사가 나왔습니다")))
            #expect(try await eventually(client, "/latest") { $0.contains("href=\"/news/\(flash)\"") })
        }
    }

    @Test("the desk writes a follow-up from a published article, edits the chain, and the history keeps it; refusals say why")
    func desk() async throws {
        let newsroom = try await NewsroomWebFixture()
        let site = newsroom.site
        try await site.application().test(.router) { client in
            let (flash, update) = try await chain(newsroom)
            let reporter = try await newsroom.signIn(client, as: newsroom.reporter)
            let form = try await newsroom.get(client, "/admin/articles/\(flash)", as: reporter).text
            #expect(form.contains("action=\"/admin/articles/\(flash)/follow-up\""), "reporters write follow-ups too")
            let created = try await newsroom.post(client, "/admin/articles/\(flash)/follow-up", [:], as: reporter)
            #expect(created.status == .seeOther)
            let third = try #require(NewsroomWebFixture.id(fromLocation: created))
            let editor = try await newsroom.get(client, "/admin/articles/\(third)?done=followUp", as: reporter).text
            #expect(editor.contains("후속 기사 초안을 만들었습니다."))
            #expect(editor.contains("이어지는 기사"))
            #expect(editor.contains("<span class=\"chain-place\">3보</span> <strong>\(Self.flashHeadline)</strong>"))
            #expect(!editor.contains("/chain\""), "reporters do not edit chains")
            #expect(try await newsroom.post(client, "/admin/articles/\(third)/chain", ["edit": "detach"], as: reporter).status == .forbidden)

            // A draft (the 2보, not yet published) cannot be followed up.
            let refused = try await newsroom.post(client, "/admin/articles/\(update)/follow-up", [:], as: reporter)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("후속 기사는 출고된 기사에만 쓸 수 있습니다."))

            let desk = try await newsroom.signIn(client, as: newsroom.editor)
            let page = try await newsroom.get(client, "/admin/articles/\(update)", as: desk).text
            #expect(page.contains("action=\"/admin/articles/\(update)/chain\""))
            let marked = try await newsroom.post(
                client, "/admin/articles/\(third)/chain", ["edit": "roundup", "return_to": String(update.rawValue)], as: desk)
            #expect(marked.headers[.location] == "/admin/articles/\(update)?done=editChain")
            let moved = try await newsroom.post(client, "/admin/articles/\(third)/chain", ["edit": "move", "position": "1"], as: desk)
            #expect(moved.status == .seeOther)
            #expect(try await site.newsroom.chain(of: flash)?.links.map(\.id) == [flash, third, update])
            #expect(try await newsroom.post(client, "/admin/articles/\(third)/chain", ["edit": "move", "position": "9"], as: desk).status
                == .badRequest)
            #expect(try await newsroom.post(client, "/admin/articles/\(third)/chain", ["edit": "sideways"], as: desk).status == .badRequest)
            let history = try await newsroom.get(client, "/admin/articles/\(third)", as: desk).text
            for line in ["후속 기사 쓰기", "종합으로 지정", "2번째로 옮김"] { #expect(history.contains(line), "\(line) in the history") }
            let list = try await newsroom.get(client, "/admin", as: desk).text
            #expect(list.contains("<span class=\"chain-place\">종합</span> <a href=\"/admin/articles/\(third)\">"), "the desk's list marks versions")
            #expect(try await newsroom.post(client, "/admin/articles/\(third)/chain", ["edit": "detach"], as: desk).status == .seeOther)
            #expect(try await site.newsroom.chain(of: third) == nil)
        }
    }

    @Test("the Admin API: follow-up answers 201 with the new draft's id, and every article's JSON carries its chain")
    func adminAPI() async throws {
        let newsroom = try await NewsroomWebFixture()
        let token = Credentials.newToken()
        try await newsroom.web.accounts.createAPIToken(
            hash: Credentials.tokenHash(token), userID: newsroom.editor.id, name: "wire", at: newsroom.now)
        try await newsroom.site.application().test(.router) { client in
            let (flash, update) = try await chain(newsroom)
            let headers: HTTPFields = [.authorization: "Bearer \(token)"]
            let created = try await client.execute(uri: "/api/v1/admin/articles/\(flash)/follow-up", method: .post, headers: headers)
            #expect(created.status == .created)
            let body = try json(created)
            let id = try #require(body["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/admin/articles/\(id)")
            #expect(body["status"] as? String == "draft")
            #expect(body["headline"] as? String == Self.flashHeadline)
            let chain = try #require(body["chain"] as? [String: Any])
            #expect(chain["ids"] as? [Int] == [Int(flash.rawValue), Int(update.rawValue), id])
            #expect(chain["place"] as? Int == 3 && chain["label"] as? String == "3보")

            let shown = try json(try await client.execute(uri: "/api/v1/admin/articles/\(update)", method: .get, headers: headers))
            #expect((shown["chain"] as? [String: Any])?["place"] as? Int == 2)
            let alone = try await newsroom.site.newsroom.create(
                try ArticleForm.document(from: NewsroomWebFixture.articleFields), embargoUntil: nil, by: newsroom.editor)
            let aloneJSON = try await client.execute(uri: "/api/v1/admin/articles/\(alone)", method: .get, headers: headers)
            #expect(aloneJSON.text.contains(#""chain":null"#))
            let refused = try await client.execute(uri: "/api/v1/admin/articles/\(alone)/follow-up", method: .post, headers: headers)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("출고된 기사에만"))
            #expect(try await client.execute(uri: "/api/v1/admin/articles/999999/follow-up", method: .post, headers: headers).status
                == .notFound)
        }
    }
}
