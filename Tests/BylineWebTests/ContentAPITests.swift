import BylineCore
import Foundation
import HummingbirdTesting
import Hummingbird
import Testing

@Suite("Content API")
struct ContentAPITests {
    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    func headlines(_ object: [String: Any]) -> [String] {
        (object["articles"] as? [[String: Any]] ?? []).compactMap { $0["headline"] as? String }
    }

    @Test("filters combine: section with subsections, reporter, tag, breaking, since and until")
    func filters() async throws {
        let fixture = try await WebFixture(fillerArticles: 3)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            func list(_ query: String) async throws -> [String] {
                let response = try await client.execute(uri: "/api/v1/articles?\(query)", method: .get)
                #expect(response.status == .ok, "\(query)")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                return headlines(try json(response))
            }
            #expect(try await list("section=society") == ["서울시, 한강 야간 수영장 개장", "단신 0", "단신 1", "단신 2"])
            #expect(try await list("section=society/seoul") == ["서울시, 한강 야간 수영장 개장"])
            #expect(try await list("reporter=2") == ["기준금리 동결 전망 우세"])
            #expect(try await list("tag=%EC%84%9C%EC%9A%B8") == ["서울시, 한강 야간 수영장 개장", "기준금리 동결 전망 우세"])
            #expect(try await list("breaking=true") == ["서울시, 한강 야간 수영장 개장"])
            #expect(try await list("section=society&breaking=false") == ["서울시, 한강 야간 수영장 개장", "단신 0", "단신 1", "단신 2"])
            #expect(try await list("since=2024-10-10T16:00:00%2B09:00") == ["서울시, 한강 야간 수영장 개장"])
            #expect(try await list("until=2024-10-10T16:00:00%2B09:00&reporter=1") == ["단신 0", "단신 1", "단신 2"])
            #expect(try await list("tag=a%2Fb") == [], "a tag no article can carry matches nothing")

            let one = try json(try await client.execute(uri: "/api/v1/articles?section=society/seoul", method: .get))
            let article = try #require((one["articles"] as? [[String: Any]])?.first)
            #expect(article["id"] as? Int == Int(fixture.leadID.rawValue))
            #expect(article["url"] as? String == "http://127.0.0.1:0/news/\(fixture.leadID)")
            #expect(article["section"] as? String == "society/seoul")
            #expect(article["published_at"] as? String == "2024-10-10T16:23:00+09:00")
            #expect((article["authors"] as? [[String: Any]])?.first?["email"] as? String == "gildong@byline.test")
            #expect(one["next_cursor"] is NSNull)
            #expect(one["next"] is NSNull)
        }
    }

    @Test("bad parameters are problem+json 400s that name the parameter; unknown things are 404s")
    func errors() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            for (query, parameter) in [("limit=0", "limit"), ("limit=101", "limit"), ("limit=x", "limit"), ("reporter=-1", "reporter"),
                                       ("breaking=yes", "breaking"), ("since=yesterday", "since"), ("until=2024-13-01T00:00:00Z", "until"),
                                       ("cursor=abc", "cursor"), ("tag=%C2%84&breaking=null", "breaking")] {
                let response = try await client.execute(uri: "/api/v1/articles?\(query)", method: .get)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try json(response)
                #expect((problem["detail"] as? String)?.contains(parameter) == true, "\(query)")
                #expect(problem["status"] as? Int == 400)
                expectNothingInternal(response.text)
            }
            #expect(try await client.execute(uri: "/api/v1/articles?section=nowhere", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/articles/\(fixture.futureID)", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/articles/abc", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/articles/1?format=xml", method: .get).status == .badRequest)
            let post = try await client.execute(uri: "/api/v1/articles", method: .post, body: ByteBuffer(string: "{}"))
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "GET, HEAD")
            #expect(post.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("cursors walk the list with no repeats or gaps while articles are published between pages")
    func cursorsUnderPublishing() async throws {
        let fixture = try await WebFixture(fillerArticles: 25)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            var uri: String? = "/api/v1/articles?limit=7&section=society"
            var seen: [Int] = []
            var round = 0
            while let next = uri, round < 20 {
                let page = try json(try await client.execute(uri: next, method: .get))
                seen += (page["articles"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                uri = (page["next"] as? String).map { String($0.dropFirst("http://127.0.0.1:0".count)) }
                #expect(uri == nil || uri?.contains("section=society") == true, "the next URL keeps the filters")
                // A newer article appears between two clicks.
                _ = try await fixture.store.publish(NewArticle(
                    headline: "새 기사 \(round)", body: "본문", section: SectionPath("society")!,
                    authorEmails: ["gildong@byline.test"], publishedAt: WebFixture.now.addingTimeInterval(Double(-round))))
                round += 1
            }
            #expect(seen.count == 26)
            #expect(Set(seen).count == 26)
        }
    }

    @Test("ninjs 2.2 maps headline, subheadlines, bodies, byline, place, section, tags, kind and the photo, and validates")
    func ninjs() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/articles/\(fixture.leadID)?format=ninjs", method: .get)
            #expect(try DocumentInspector.schemaErrors("ninjs", response.text) == [])
            let ninjs = try json(response)
            #expect(ninjs["uri"] as? String == "http://127.0.0.1:0/news/\(fixture.leadID)")
            #expect(ninjs["type"] as? String == "text")
            #expect(ninjs["language"] as? String == "ko")
            #expect(ninjs["firstcreated"] as? String == "2024-10-10T16:23:00+09:00")
            #expect(ninjs["by"] as? String == "홍길동 기자")
            #expect((ninjs["people"] as? [[String: Any]])?.first?["rel"] as? String == "author")
            #expect(ninjs["located"] as? String == "서울")
            let headlines = ninjs["headlines"] as? [[String: Any]] ?? []
            #expect(headlines.map { $0["role"] as? String } == ["main", "sub", "sub"])
            #expect(headlines.first?["value"] as? String == "서울시, 한강 야간 수영장 개장")
            let bodies = ninjs["bodies"] as? [[String: Any]] ?? []
            #expect(bodies.map { $0["contenttype"] as? String } == ["text/markdown", "text/html"])
            #expect((bodies.last?["value"] as? String)?.contains("<blockquote>") == true)
            #expect((ninjs["places"] as? [[String: Any]])?.first?["name"] as? String == "서울")
            let subjects = ninjs["subjects"] as? [[String: Any]] ?? []
            #expect(subjects.first?["rel"] as? String == "section" && subjects.first?["name"] as? String == "서울시")
            #expect(subjects.first?["uri"] as? String == "http://127.0.0.1:0/section/society/seoul")
            #expect(Set(subjects.dropFirst().compactMap { $0["name"] as? String }) == ["서울", "여름 휴가"])
            #expect((ninjs["genres"] as? [[String: Any]])?.compactMap { $0["literal"] as? String } == ["article", "breaking"])
            #expect(ninjs["urgency"] as? Int == 1, "breaking news is the most urgent")
            let photo = try #require((ninjs["associations"] as? [[String: Any]])?.first)
            #expect(photo["type"] as? String == "picture")
            #expect(photo["by"] as? String == "김하늘 기자")
            let rendition = try #require((photo["renditions"] as? [[String: Any]])?.first)
            #expect(rendition["width"] as? Int == 1200)
            #expect(rendition["contenttype"] as? String == "image/svg+xml")
            #expect((ninjs["standard"] as? [String: Any])?["version"] as? String == "2.2")
        }
    }

    @Test("a NewsML-G2 2.35 NewsItem carries the same article, validates against IPTC's XSD and keeps Korean in UTF-8")
    func newsML() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/articles/\(fixture.leadID)?format=newsml", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/vnd.iptc.g2.newsitem+xml; charset=utf-8")
            let xml = response.text
            #expect(try DocumentInspector.schemaErrors("newsml", xml) == [])
            #expect(xml.contains("guid=\"http://127.0.0.1:0/news/\(fixture.leadID)\""))
            #expect(xml.contains("<headline>서울시, 한강 야간 수영장 개장</headline>"), "Korean as UTF-8, not as references")
            #expect(xml.contains("<firstCreated>2024-10-10T16:23:00+09:00</firstCreated>"))
            #expect(xml.contains("<located>\n<name>서울</name>"))
            #expect(xml.contains("<subject type=\"cpnat:abstract\" literal=\"section:society/seoul\">\n<name>서울시</name>"))
            #expect(xml.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\">") && xml.contains("<blockquote>"))
            #expect(xml.contains("rel=\"irel:associatedWith\" href=\"http://127.0.0.1:0/media/test-photo.svg\""))

            let unknown = try await client.execute(uri: "/api/v1/articles/\(fixture.leadID)?format=nitf", method: .get)
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("newsml"))
        }
    }

    @Test("the section tree and the OpenAPI document")
    func sectionsAndDocument() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let tree = try json(try await client.execute(uri: "/api/v1/sections", method: .get))
            let sections = tree["sections"] as? [[String: Any]] ?? []
            #expect(sections.compactMap { $0["path"] as? String } == ["society", "economy"])
            #expect(((sections.first?["children"] as? [[String: Any]])?.first?["path"] as? String) == "society/seoul")
            let document = try json(try await client.execute(uri: "/api/v1/openapi.json", method: .get))
            #expect(document["openapi"] as? String == "3.1.0")
            #expect((document["paths"] as? [String: Any])?["/api/v1/articles"] != nil)
        }
    }
}
