import BylineAccounts
import BylineCore
import BylineIngest
import BylinePostgres
import BylineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Wire ingest end to end: partners send items with their keys, the newsroom reads the
/// 수신 queue and writes items up as drafts; feeds are polled; every bad item is refused
/// whole with its reason.
@Suite("Wire ingest")
struct IngestTests {
    let api = AdminAPITests()

    /// A partner's server on loopback: a feed that can change or fail, and a photo.
    final class PartnerServer: Sendable {
        let feed = Mutex<(status: Int, body: String)>((200, ""))
        let photo: Data

        init(photo: Data) { self.photo = photo }

        var application: some ApplicationProtocol {
            let router = Router()
            router.get("/feed.xml") { _, _ -> Response in
                let (status, body) = self.feed.withLock { $0 }
                return Response(
                    status: HTTPResponse.Status(code: status), headers: [.contentType: "application/rss+xml; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: body)))
            }
            router.get("/photo.jpg") { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "image/jpeg"], body: .init(byteBuffer: ByteBuffer(bytes: self.photo)))
            }
            return Application(router: router)
        }
    }

    static func ninjs(guid: String = "urn:partner:2026:1", version: Int = 1, headline: String = "항만 노조 임금 협상 타결", photo: String? = nil) -> String {
        let association = photo.map { """
            , "associations": [{"name": "photo1", "type": "picture", "by": "파트너 사진부",
               "descriptions": [{"role": "caption", "value": "협상장 앞에 모인 조합원들"}],
               "renditions": [{"name": "large", "href": "\($0)", "width": 1200}]}]
            """ } ?? ""
        return """
            {"uri": "\(guid)", "version": "\(version)", "by": "제임스 리", "located": "워싱턴",
             "headlines": [{"role": "main", "value": "\(headline)"}, {"role": "sub", "value": "임금 4% 인상"}],
             "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>노사가 <b>임금</b>에 합의했다.</p><p>파업은 끝났다.<script>x()</script></p>"}]\(association)}
            """
    }

    func send(
        _ client: some TestClientProtocol, _ body: String, key: String?, type: String = "application/json", query: String = ""
    ) async throws -> (status: HTTPResponse.Status, object: [String: Any], response: TestResponse) {
        var headers: HTTPFields = [.contentType: type]
        if let key { headers[.authorization] = "Bearer \(key)" }
        let response = try await client.execute(uri: "/api/v1/ingest\(query)", method: .post, headers: headers, body: ByteBuffer(string: body))
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        return (response.status, object, response)
    }

    @Test("a source sends ninjs and NewsML-G2 with its key; versions update one entry; bad items are refused whole and say why")
    func ingestAPI() async throws {
        let newsroom = try await NewsroomWebFixture()
        let store = newsroom.web.accounts
        try await newsroom.site.application().test(.router) { client in
            let adminToken = try await api.token(for: newsroom.admin, in: newsroom)
            let made = try await api.call(client, .post, "/api/v1/admin/sources", token: adminToken, json: #"{"name": "파트너통신"}"#)
            #expect(made.status == .created)
            let key = try #require(made.object["api_key"] as? String)
            let sourceID = try #require(made.object["id"] as? Int)
            #expect(made.response.headers[.location] == "/api/v1/admin/sources/\(sourceID)")
            let listed = try await api.call(client, .get, "/api/v1/admin/sources", token: adminToken)
            #expect(!String(buffer: listed.response.body).contains(key), "the key is shown once")

            let first = try await send(client, Self.ninjs(), key: key)
            #expect(first.status == .created)
            let receipt = try #require((first.object["items"] as? [[String: Any]])?.first)
            #expect(receipt["guid"] as? String == "urn:partner:2026:1" && receipt["outcome"] as? String == "created" && receipt["version"] as? Int == 1)
            #expect(try await send(client, Self.ninjs(), key: key).object["items"].map { "\($0)" }?.contains("unchanged") == true)
            let second = try await send(client, Self.ninjs(version: 2, headline: "항만 노조 임금 협상 타결 (종합)"), key: key)
            #expect(second.status == .ok && (second.object["items"] as? [[String: Any]])?.first?["outcome"] as? String == "updated")
            let stale = try await send(client, Self.ninjs(version: 1, headline: "옛 판"), key: key)
            #expect((stale.object["items"] as? [[String: Any]])?.first?["outcome"] as? String == "stale")
            var items = try await store.incomingItems(source: nil, offset: 0, limit: 10)
            #expect(items.count == 1 && items[0].version == 2 && items[0].content.headline == "항만 노조 임금 협상 타결 (종합)")
            #expect(items[0].content.bodyHTML == "<p>노사가 <b>임금</b>에 합의했다.</p><p>파업은 끝났다.</p>", "sanitised when received")

            let newsML = """
                <?xml version="1.0" encoding="UTF-8"?>
                <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:partner:77" version="1" standard="NewsML-G2" standardversion="2.35">
                  <itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:usable"/></itemMeta>
                  <contentMeta><located><name>부산</name></located><headline>부산항 물동량 최고치</headline></contentMeta>
                  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>
                    <body><p>물동량이 늘었다.</p></body></html></inlineXML></contentSet>
                </newsItem>
                """
            #expect(try await send(client, newsML, key: key, type: "application/vnd.iptc.g2.newsitem+xml").status == .created)

            // Refused whole, with the reason, and nothing of them kept.
            let before = try await store.incomingItems(source: nil, offset: 0, limit: 50).count
            let external = """
                <?xml version="1.0"?><!DOCTYPE newsItem [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x" version="1"><itemMeta/><contentMeta><headline>&x;</headline></contentMeta></newsItem>
                """
            let xxe = try await send(client, external, key: key, type: "application/xml")
            #expect(xxe.status == .badRequest && String(buffer: xxe.response.body).contains("DOCTYPE이나 엔티티 선언"))
            #expect(!String(buffer: xxe.response.body).contains("root:"))
            let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><newsItem>&lol2;</newsItem>"
            #expect(try await send(client, bomb, key: key, type: "application/xml").status == .badRequest)
            let brokenXML = try await send(client, "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><itemMeta>", key: key, type: "application/xml")
            #expect(brokenXML.status == .badRequest && String(buffer: brokenXML.response.body).contains("XML 문법이 맞지 않습니다"))
            let eucKR = try await send(client, Self.ninjs(guid: "euc"), key: key, type: "application/json; charset=EUC-KR")
            #expect(eucKR.status == .unsupportedMediaType && String(buffer: eucKR.response.body).contains("UTF-8로 보내 주세요"))
            let plain = try await send(client, "제목", key: key, type: "text/plain")
            #expect(plain.status == .unsupportedMediaType)
            let noHeadline = try await send(client, #"[{"uri": "ok", "headline": "좋은 항목"}, {"uri": "bad"}]"#, key: key)
            #expect(noHeadline.status == .unprocessableContent && String(buffer: noHeadline.response.body).contains("2번째 항목의 제목"))
            let notJSON = try await send(client, #"{"uri": "x", "headline": "#, key: key)
            #expect(notJSON.status == .badRequest && String(buffer: notJSON.response.body).contains("JSON 문법이 맞지 않습니다"))
            let invalidUTF8 = try await client.execute(
                uri: "/api/v1/ingest", method: .post, headers: [.authorization: "Bearer \(key)", .contentType: "application/json"],
                body: ByteBuffer(bytes: Array(#"{"uri": "u", "headline": ""#.utf8) + [0xC7, 0xD1] + Array(#""}"#.utf8)))
            #expect(invalidUTF8.status == .unsupportedMediaType)
            let huge = try await client.execute(
                uri: "/api/v1/ingest", method: .post, headers: [.authorization: "Bearer \(key)", .contentType: "application/json"],
                body: ByteBuffer(repeating: UInt8(ascii: " "), count: 50 * 1024 * 1024))
            #expect(huge.status == .contentTooLarge)
            #expect(try await store.incomingItems(source: nil, offset: 0, limit: 50).count == before, "nothing of a refused item is kept")
            for response in [xxe, brokenXML, eucKR, noHeadline, notJSON] {
                let text = String(buffer: response.response.body)
                #expect(!text.contains("IngestProblem") && !text.contains("Swift") && !text.contains("/work/"))
            }

            // Who may send: a source's key, or an editor's token naming the source; not a reporter, not a revoked key.
            #expect(try await send(client, Self.ninjs(guid: "anon"), key: nil).status == .unauthorized)
            let editorToken = try await api.token(for: newsroom.editor, in: newsroom)
            #expect(try await send(client, Self.ninjs(guid: "desk"), key: editorToken).status == .badRequest, "which source?")
            #expect(try await send(client, Self.ninjs(guid: "desk"), key: editorToken, query: "?source=\(sourceID)").status == .created)
            let reporterToken = try await api.token(for: newsroom.reporter, in: newsroom)
            #expect(try await send(client, Self.ninjs(guid: "r"), key: reporterToken, query: "?source=\(sourceID)").status == .forbidden)
            #expect(try await api.call(client, .get, "/api/v1/admin/sources", token: editorToken).status == .forbidden)
            #expect(try await api.call(client, .delete, "/api/v1/admin/sources/\(sourceID)", token: adminToken).status == .noContent)
            #expect(try await send(client, Self.ninjs(guid: "late"), key: key).status == .unauthorized)
            let rotated = try await api.call(client, .post, "/api/v1/admin/sources/\(sourceID)/rotate", token: adminToken)
            let newKey = try #require(rotated.object["api_key"] as? String)
            #expect(try await send(client, Self.ninjs(guid: "late"), key: newKey).status == .created)
            items = try await store.incomingItems(source: nil, offset: 0, limit: 50)
            #expect(Set(items.map(\.content.guid)) == ["urn:partner:2026:1", "urn:newsml:partner:77", "desk", "late"])
        }
    }

    @Test("another Byline's ninjs and NewsML-G2 are read as they are written: headline, subheadline, body, byline, dateline, photo")
    func bylineToByline() async throws {
        let newsroom = try await NewsroomWebFixture()
        let lead = newsroom.web.leadID
        try await newsroom.site.application().test(.router) { client in
            let article = try #require(try await newsroom.web.store.article(lead, asOf: newsroom.now))
            let ninjs = String(buffer: try await client.execute(uri: "/api/v1/articles/\(lead)?format=ninjs", method: .get).body)
            let newsML = String(buffer: try await client.execute(uri: "/api/v1/articles/\(lead)?format=newsml", method: .get).body)
            let source = try await newsroom.web.accounts.addSource(name: "이웃 바이라인", feedURL: nil, keyHash: "k", at: newsroom.now)
            let desk = try #require(newsroom.site.wireDesk)
            for (text, kind) in [(ninjs, IncomingDecoder.Kind.json), (newsML, .xml)] {
                let item = try #require(try await desk.receive(Array(text.utf8), kind: kind, from: source, via: "test").first?.0.content)
                #expect(item.headline == article.headline)
                #expect(item.subheadline == article.subheadlines.first ?? "")
                #expect(item.dateline == article.dateline?.city ?? "")
                #expect(item.byline.contains(article.authors[0].name))
                #expect(item.bodyHTML.contains(String(article.body.prefix(10))), "\(kind): \(item.bodyHTML)")
                #expect(item.photos.map(\.caption) == ["시민들이 야간 수영장에서 물놀이를 하고 있다."], "\(kind)")
                #expect(item.guid.hasSuffix("/news/\(lead)"))
            }
            #expect(try await newsroom.web.accounts.incomingItems(source: source.id, offset: 0, limit: 5).count == 1, "the same GUID in both formats")
        }
    }

    @Test("an editor reads the 수신 queue and writes an item up: headline, body, photo and credit carried over, the source in the dateline")
    func writeUp() async throws {
        let pictures = try Pictures()
        let photo = try Data(contentsOf: URL(fileURLWithPath: try pictures.make("wire.jpg", width: 1200, height: 800)))
        let partner = PartnerServer(photo: photo)
        let newsroom = try await NewsroomWebFixture()
        let store = newsroom.web.accounts
        try await partner.application.test(.live) { partnerClient in
            let photoURL = "http://127.0.0.1:\(try #require(partnerClient.port))/photo.jpg"
            let source = try await store.addSource(name: "파트너통신", feedURL: nil, keyHash: "k", at: newsroom.now)
            let desk = try #require(newsroom.site.wireDesk)
            let received = try await desk.receive(
                Array(Self.ninjs(photo: photoURL).utf8), kind: .json, from: source, via: "test")
            let item = try #require(received.first?.0)
            let broken = try await desk.receive(
                Array(Self.ninjs(guid: "urn:partner:2026:2", photo: "http://127.0.0.1:9/none.jpg").utf8), kind: .json, from: source, via: "test")

            try await newsroom.site.application().test(.router) { client in
                let reporter = try await client.signIn(email: newsroom.reporter.email, password: NewsroomWebFixture.password)
                let queue = try await client.get("/admin/ingest", as: reporter)
                #expect(queue.status == .ok)
                #expect(queue.text.contains("<a href=\"/admin/ingest\">수신</a>"), "in everyone's menu")
                #expect(queue.text.contains("<a href=\"/admin/ingest/\(item.id)\">항만 노조 임금 협상 타결</a>") && queue.text.contains("새 항목"))
                #expect(try await client.get("/admin/ingest?source=abc", as: reporter).status == .badRequest)
                #expect(try await client.get("/admin/ingest?page=0", as: reporter).status == .badRequest)
                #expect(try await client.get("/admin/ingest/999999", as: reporter).status == .notFound)

                let editor = try await client.signIn(email: newsroom.editor.email, password: NewsroomWebFixture.password)
                let page = try await client.get("/admin/ingest/\(item.id)", as: editor)
                #expect(page.status == .ok)
                #expect(page.text.contains("<p>노사가 <b>임금</b>에 합의했다.</p>") && !page.text.contains("<script>"))
                #expect(page.text.contains("파트너통신 · ninjs · 1판") && page.text.contains(photoURL) && page.text.contains("기사로 쓰기"))
                #expect(!page.text.contains("src=\"\(photoURL)"), "the newsroom's page loads nothing from the partner")

                #expect(try await client.post("/admin/ingest/\(item.id)/draft", ["section": "없는/섹션"], as: editor).status == .badRequest)
                let written = try await client.post("/admin/ingest/\(item.id)/draft", ["section": "society"], as: editor)
                #expect(written.status == .seeOther)
                let location = try #require(written.headers[.location])
                #expect(location.hasSuffix("?wire=0"))
                let articleID = try #require(ArticleID(location.dropFirst("/admin/articles/".count).prefix { $0 != "?" }))
                let draft = try await newsroom.site.newsroom.draft(articleID)
                #expect(draft.document.headline == "항만 노조 임금 협상 타결" && draft.document.subheadlines == ["임금 4% 인상"])
                #expect(draft.document.body == "노사가 **임금**에 합의했다.\n\n파업은 끝났다.")
                #expect(draft.document.dateline == "워싱턴 파트너통신")
                #expect(draft.document.authors.map(\.email) == [newsroom.editor.email])
                let picture = try #require(draft.document.photos.first)
                #expect(picture.caption == "협상장 앞에 모인 조합원들" && picture.credit == "파트너 사진부" && picture.library != nil)
                let editorPage = try await client.get(location, as: editor)
                #expect(editorPage.text.contains("수신 항목으로 초안을 만들었습니다"))

                let again = try await client.get("/admin/ingest/\(item.id)", as: editor)
                #expect(again.text.contains("이미 기사로 썼습니다") && again.text.contains("/admin/articles/\(articleID)"))
                let twice = try await client.post("/admin/ingest/\(item.id)/draft", ["section": "society"], as: editor)
                #expect(twice.headers[.location]?.hasPrefix("/admin/articles/\(articleID)?") == true, "one draft per item")

                // A photo that cannot be fetched leaves the draft without it, and says so.
                let brokenItem = try #require(broken.first?.0)
                let partial = try await client.post("/admin/ingest/\(brokenItem.id)/draft", ["section": "society"], as: editor)
                #expect(partial.headers[.location]?.hasSuffix("?wire=1") == true)
                #expect(try await client.get(try #require(partial.headers[.location]), as: editor).text.contains("사진 1장은 가져오지 못했습니다"))

                // Published, the page credits the source the way agencies do.
                #expect(try await client.post("/admin/articles/\(articleID)/publish", ["version": "1"], as: editor).status == .seeOther)
                let public_ = try await client.execute(uri: "/news/\(articleID)", method: .get)
                #expect(String(buffer: public_.body).contains("[워싱턴 파트너통신="))
            }
        }
    }

    @Test("a partner's item cannot make the server fetch from itself or its network")
    func privateAddresses() async throws {
        let refusing = PartnerFetch()
        for address in ["http://127.0.0.1:9/p.jpg", "http://localhost/p.jpg", "http://10.1.2.3/p.jpg", "http://169.254.169.254/latest",
                        "http://[::1]/p.jpg", "http://192.168.0.10/p.jpg", "http://[::ffff:127.0.0.1]/p.jpg"] {
            await #expect(throws: PartnerFetch.Failure.privateAddress, "\(address)") {
                try await refusing.get(address, limit: 1024, publicOnly: true)
            }
        }
        for (bytes, isPublic) in [([8, 8, 8, 8], true), ([1, 1, 1, 1], true), ([172, 16, 0, 1], false), ([172, 32, 0, 1], true),
                                  ([100, 64, 0, 1], false), ([224, 0, 0, 1], false), ([0, 0, 0, 0], false)] as [([UInt8], Bool)] {
            #expect(PartnerFetch.isPublicAddress(bytes) == isPublic, "\(bytes)")
        }
        #expect(PartnerFetch.isPublicAddress([0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 12)))
        #expect(!PartnerFetch.isPublicAddress([0xfd, 0] + [UInt8](repeating: 0, count: 14)))
        #expect(!PartnerFetch.isPublicAddress([0xfe, 0x80] + [UInt8](repeating: 0, count: 14)))
        // Feeds are addresses an admin chose: fetched wherever they are.
        await #expect(throws: PartnerFetch.Failure.unreachable("연결 거부")) { try await refusing.get("http://127.0.0.1:9/feed.xml", limit: 1024) }

        // A site left at the default writes the item up without the photo, and says so.
        let newsroom = try await NewsroomWebFixture()
        let source = try await newsroom.web.accounts.addSource(name: "파트너통신", feedURL: nil, keyHash: "k", at: newsroom.now)
        let strict = WireDesk(
            store: newsroom.web.accounts, newsroom: newsroom.site.newsroom, photos: newsroom.site.photoDesk, clock: NewsClock { newsroom.now },
            logger: Logger(label: "test"))
        let item = try #require(try await strict.receive(
            Array(Self.ninjs(photo: "http://127.0.0.1:9/photo.jpg").utf8), kind: .json, from: source, via: "test").first?.0)
        let (_, missing) = try await strict.writeUp(item.id, section: SectionPath("society")!, by: newsroom.editor, libraryImage: Links.libraryImage)
        #expect(missing == 1)
    }

    @Test("an admin adds a source by form (key once) and polls its RSS feed: new entries arrive once, changed ones update, failures are shown")
    func feeds() async throws {
        let partner = PartnerServer(photo: Data())
        let newsroom = try await NewsroomWebFixture()
        let store = newsroom.web.accounts
        try await partner.application.test(.live) { partnerClient in
            let feedURL = "http://127.0.0.1:\(try #require(partnerClient.port))/feed.xml"
            @Sendable func rss(_ entries: [(String, String)]) -> String {
                """
                <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>가람뉴스</title>
                \(entries.map { "<item><guid>\($0.0)</guid><title>\($0.1)</title><description>&lt;p&gt;\($0.1) 본문&lt;/p&gt;</description></item>" }.joined())
                </channel></rss>
                """
            }
            partner.feed.withLock { $0 = (200, rss([("g-1", "첫 기사"), ("g-2", "둘째 기사")])) }
            try await newsroom.site.application().test(.router) { client in
                let editor = try await client.signIn(email: newsroom.editor.email, password: NewsroomWebFixture.password)
                #expect(try await client.get("/admin/sources", as: editor).status == .forbidden)
                #expect(try await client.post("/admin/sources", ["name": "몰래"], as: editor).status == .forbidden)
                let admin = try await client.signIn(email: newsroom.admin.email, password: NewsroomWebFixture.password)
                #expect(try await client.get("/admin/sources", as: admin).text.contains("수신처가 없습니다"))
                let badFeed = try await client.post("/admin/sources", ["name": "가람뉴스", "feed_url": "file:///etc/passwd"], as: admin)
                #expect(badFeed.status == .badRequest && badFeed.text.contains("피드 주소는 http://"))
                let made = try await client.post("/admin/sources", ["name": "가람뉴스", "feed_url": feedURL], as: admin)
                #expect(made.status == .ok && made.text.contains("지금 한 번만 보여 드리며"))
                let key = String(try #require(made.text.firstMatch(of: /API 키 <code class="token">([^<]+)<\/code>/)?.1))
                #expect(!(try await client.get("/admin/sources", as: admin).text.contains(key)))
                #expect(try await client.post("/admin/sources", ["name": "가람뉴스"], as: admin).text.contains("이미 있는 수신처 이름입니다"))
                let source = try #require(try await store.sources().first)

                let polled = try await client.post("/admin/sources/\(source.id)/poll", [:], as: admin)
                #expect(polled.status == .ok && polled.text.contains("새로 받거나 바뀐 항목 2건"))
                let poller = FeedPoller(desk: try #require(newsroom.site.wireDesk), leadership: nil, interval: 300, logger: Logger(label: "test"))
                #expect(try await poller.poll(try #require(try await store.source(source.id))).get() == 0, "nothing new the second time")
                partner.feed.withLock { $0 = (200, rss([("g-1", "첫 기사 (수정)"), ("g-2", "둘째 기사"), ("g-3", "셋째 기사")])) }
                #expect(try await poller.poll(source).get() == 2)
                let items = try await store.incomingItems(source: source.id, offset: 0, limit: 10)
                #expect(items.count == 3)
                #expect(items.first { $0.content.guid == "g-1" }.map { ($0.version, $0.content.headline) } ?? (0, "") == (2, "첫 기사 (수정)"))

                partner.feed.withLock { $0 = (500, "") }
                let failed = try await client.post("/admin/sources/\(source.id)/poll", [:], as: admin)
                #expect(failed.status == .badGateway && failed.text.contains("피드를 읽지 못했습니다: HTTP 500"))
                #expect(try await client.get("/admin/sources", as: admin).text.contains("실패: HTTP 500"))
                partner.feed.withLock { $0 = (200, "<html><body>점검 중</body></html>") }
                #expect(await poller.poll(source) == .failure(PollFailure(reason: "형식에 맞지 않는 항목입니다: RSS나 Atom 피드가 아닙니다 (최상위 요소: html).")))

                // The scheduled poll reads only the feeds that are due.
                partner.feed.withLock { $0 = (200, rss([("g-4", "넷째 기사")])) }
                await poller.pollDue()
                #expect(try await store.incomingItems(source: source.id, offset: 0, limit: 10).count == 3, "polled a moment ago")
                newsroom.advance(301)
                await poller.pollDue()
                #expect(try await store.incomingItems(source: source.id, offset: 0, limit: 10).count == 4)
            }
        }
    }
}

@Suite("Wire ingest on PostgreSQL")
struct IngestPostgresTests {
    @Test("two nodes polling one feed keep each entry once; an item is written up into a draft on PostgreSQL")
    func twoNodes() async throws {
        var settings = try PostgresConfiguration(url: try PostgresServerProcess.shared().createDatabase())
        settings.timeout = .seconds(60)
        let storeA = try await PostgresNewsStore.open(settings)
        let storeB = try await PostgresNewsStore.open(settings)
        _ = try await storeA.createSection(NewSection(path: SectionPath("world")!, name: "국제"))
        let editor = try await storeA.addUser(
            NewUser(email: "desk@byline.test", name: "정데스크", role: .editor, passwordHash: Credentials.hashPassword("비밀번호-열두자-이상")), at: Date())
        let partner = IngestTests.PartnerServer(photo: Data())
        try await partner.application.test(.live) { client in
            let feedURL = "http://127.0.0.1:\(try #require(client.port))/feed.xml"
            partner.feed.withLock {
                $0 = (200, """
                    <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
                    \((1...5).map { "<entry><id>tag:garam,2026:\($0)</id><title>소식 \($0)</title><content type=\"html\">&lt;p&gt;본문 \($0)&lt;/p&gt;</content></entry>" }.joined())
                    </feed>
                    """)
            }
            let source = try await storeA.addSource(name: "가람뉴스", feedURL: feedURL, keyHash: "k", at: Date())
            func desk(_ store: PostgresNewsStore) async throws -> WireDesk {
                let site = try await BylineSite(
                    configuration: WebConfiguration(port: 0, mediaDirectory: FileManager.default.temporaryDirectory),
                    store: store, newsroom: store, clock: .system)
                return try #require(site.wireDesk)
            }
            let pollers = [
                FeedPoller(desk: try await desk(storeA), leadership: nil, logger: Logger(label: "a")),
                FeedPoller(desk: try await desk(storeB), leadership: nil, logger: Logger(label: "b")),
            ]
            // Both at once: the worst case, should leadership ever pass between them mid-poll.
            let results = await withTaskGroup(of: Result<Int, PollFailure>.self) { group in
                for poller in pollers { group.addTask { await poller.poll(source) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.compactMap { try? $0.get() }.reduce(0, +) == 5, "each entry new once: \(results)")
            let items = try await storeB.incomingItems(source: source.id, offset: 0, limit: 20)
            #expect(items.count == 5 && items.allSatisfy { $0.version == 1 && $0.content.format == .atom })

            let item = try #require(items.first { $0.content.guid == "tag:garam,2026:3" })
            let (article, missing) = try await (try await desk(storeB)).writeUp(
                item.id, section: SectionPath("world")!, by: editor, libraryImage: { "/admin/photos/\($0)/image" })
            #expect(missing == 0)
            let draft = try #require(try await storeA.draft(article))
            #expect(draft.document.headline == "소식 3" && draft.document.body == "본문 3" && draft.document.dateline == "가람뉴스")
            #expect(try await storeA.incomingItem(item.id)?.article == article)
        }
        await storeA.close()
        await storeB.close()
    }
}
