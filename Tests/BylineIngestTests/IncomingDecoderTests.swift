import BylineCore
import BylineIngest
import Foundation
import Testing

@Suite("Reading partners' items")
struct IncomingDecoderTests {
    func json(_ text: String) throws -> [IncomingContent] { try IncomingDecoder.items(Array(text.utf8), kind: .json) }
    func xml(_ text: String) throws -> [IncomingContent] { try IncomingDecoder.items(Array(text.utf8), kind: .xml) }

    @Test func ninjs22WithPhotoAndEmbargo() throws {
        let items = try json("""
            {"uri": "urn:partner:2026:1001", "version": "3", "pubstatus": "usable", "by": "제임스 리",
             "located": "워싱턴", "versioncreated": "2026-12-02T09:00:00+09:00", "embargoed": "2026-12-03T06:00:00Z",
             "headlines": [{"role": "main", "value": "  항만 노조 협상 타결  "}, {"role": "sub", "value": "임금 4% 인상"}],
             "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>첫 문단 <script>alert(1)</script>끝</p><p onclick=\\"x()\\">둘째</p>"}],
             "associations": [{"name": "photo1", "type": "picture", "by": "파트너 사진부",
                "descriptions": [{"role": "caption", "value": "협상장 앞"}],
                "renditions": [{"name": "thumb", "href": "https://img.example/t.jpg", "width": 200},
                               {"name": "large", "href": "https://img.example/l.jpg", "width": 2000},
                               {"name": "bad", "href": "javascript:alert(1)", "width": 9000}]}]}
            """)
        let item = try #require(items.first)
        #expect(item.guid == "urn:partner:2026:1001")
        #expect(item.version == 3)
        #expect(item.headline == "항만 노조 협상 타결")
        #expect(item.subheadline == "임금 4% 인상")
        #expect(item.bodyHTML == "<p>첫 문단 끝</p><p>둘째</p>")
        #expect(item.byline == "제임스 리")
        #expect(item.dateline == "워싱턴")
        #expect(item.photos == [IncomingPhoto(url: "https://img.example/l.jpg", caption: "협상장 앞", credit: "파트너 사진부")])
        #expect(item.embargoUntil == Date(timeIntervalSince1970: 1_764_741_600 + 365 * 86_400))
        #expect(item.sentAt == ISO8601DateFormatter().date(from: "2026-12-02T00:00:00Z"))
        #expect(!item.isWithdrawn)
    }

    @Test func ninjs1WithPlainBodyAndBatch() throws {
        let items = try json("""
            [{"uri": "a-1", "headline": "하나", "body_text": "첫 줄\\n\\n<둘째> 줄", "byline": "기자", "pubstatus": "canceled"},
             {"uri": "a-2", "version": 2, "headline": "둘", "body_html": "<p>본문</p>",
              "associations": {"featureimage": {"type": "picture", "uri": "https://img.example/p.jpg", "description_text": "설명"}}}]
            """)
        #expect(items.map(\.guid) == ["a-1", "a-2"])
        #expect(items[0].bodyHTML == "<p>첫 줄</p><p>&lt;둘째&gt; 줄</p>")
        #expect(items[0].version == nil)
        #expect(items[0].isWithdrawn)
        #expect(items[1].version == 2)
        #expect(items[1].photos == [IncomingPhoto(url: "https://img.example/p.jpg", caption: "설명")])
    }

    @Test func newsMLItem() throws {
        let items = try xml("""
            <?xml version="1.0" encoding="UTF-8"?>
            <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:partner:20261202:77" version="4" standard="NewsML-G2" standardversion="2.35">
              <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-12-02T10:00:00+09:00</versionCreated>
                <pubStatus qcode="stat:usable"/>
                <link rel="irel:associatedWith" href="https://img.example/a.jpg" contenttype="image/jpeg" title="photo1: 부두의 크레인"/>
                <link rel="irel:seeAlso" href="https://partner.example/news/77" contenttype="text/html"/>
              </itemMeta>
              <contentMeta><located><name>부산</name></located><creator><name>김파트너</name></creator>
                <creditline>파트너통신</creditline>
                <headline>부산항 물동량 &amp; 최고치</headline><headline role="hlrole:sub">전년 대비 8% 늘어</headline></contentMeta>
              <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>
                <body><p>부산항의 <strong>물동량</strong>이 늘었다.</p><p><a href="https://partner.example/x">자료</a></p></body></html></inlineXML></contentSet>
            </newsItem>
            """)
        let item = try #require(items.first)
        #expect(item.guid == "urn:newsml:partner:20261202:77")
        #expect(item.version == 4)
        #expect(item.format == .newsml)
        #expect(item.headline == "부산항 물동량 & 최고치")
        #expect(item.subheadline == "전년 대비 8% 늘어")
        #expect(item.byline == "김파트너")
        #expect(item.dateline == "부산")
        #expect(item.link == "https://partner.example/news/77")
        #expect(item.photos == [IncomingPhoto(url: "https://img.example/a.jpg", caption: "부두의 크레인", credit: "파트너통신")])
        #expect(item.bodyHTML.contains("<p>부산항의 <strong>물동량</strong>이 늘었다.</p>"))
        #expect(item.bodyHTML.contains("<a href=\"https://partner.example/x\">자료</a>"))
    }

    @Test func newsMessageCarriesSeveralItems() throws {
        let items = try xml("""
            <newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>2026-12-02T10:00:00Z</sent></header><itemSet>
            <newsItem guid="m1" version="1"><itemMeta><pubStatus qcode="stat:canceled"/></itemMeta><contentMeta><headline>하나</headline></contentMeta></newsItem>
            <newsItem guid="m2" version="1"><itemMeta/><contentMeta><headline>둘</headline></contentMeta>
              <contentSet><inlineData contenttype="text/plain">줄 하나
            줄 둘</inlineData></contentSet></newsItem>
            </itemSet></newsMessage>
            """)
        #expect(items.map(\.guid) == ["m1", "m2"])
        #expect(items[0].isWithdrawn)
        #expect(items[1].bodyHTML == "<p>줄 하나</p><p>줄 둘</p>")
    }

    @Test func rssAndAtomFeeds() throws {
        let rss = try IncomingDecoder.feed(Array("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
            <channel><title>파트너</title>
            <item><title>RSS 기사</title><link>https://partner.example/1</link><guid isPermaLink="false">rss-1</guid>
              <pubDate>Wed, 02 Dec 2026 09:00:00 +0900</pubDate><dc:creator>박기자</dc:creator>
              <description>요약</description><content:encoded><![CDATA[<p>전문 <b>굵게</b></p>]]></content:encoded>
              <media:content url="https://img.example/r.jpg" medium="image"><media:credit>파트너 사진</media:credit></media:content></item>
            <item><title>제목만 있는 항목</title><link>https://partner.example/2</link></item>
            <item><description>제목 없는 항목은 건너뜁니다</description></item>
            </channel></rss>
            """.utf8))
        #expect(rss.map(\.guid) == ["rss-1", "https://partner.example/2"])
        #expect(rss[0].bodyHTML == "<p>전문 <b>굵게</b></p>")
        #expect(rss[0].byline == "박기자")
        #expect(rss[0].photos == [IncomingPhoto(url: "https://img.example/r.jpg", credit: "파트너 사진")])
        #expect(rss[0].sentAt == ISO8601DateFormatter().date(from: "2026-12-02T00:00:00Z"))
        #expect(rss.allSatisfy { $0.version == nil && $0.format == .rss })

        let atom = try IncomingDecoder.feed(Array("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <entry><id>tag:partner.example,2026:5</id><title>Atom 기사</title><updated>2026-12-02T01:00:00Z</updated>
              <author><name>이기자</name></author><link href="https://partner.example/5"/>
              <content type="html">&lt;p&gt;본문&lt;/p&gt;</content></entry>
            </feed>
            """.utf8))
        #expect(atom.map(\.guid) == ["tag:partner.example,2026:5"])
        #expect(atom[0].bodyHTML == "<p>본문</p>")
        #expect(atom[0].link == "https://partner.example/5")
        #expect(atom[0].byline == "이기자")
    }

    @Test func hostileXMLIsRefusedBeforeParsing() throws {
        let external = """
            <?xml version="1.0"?><!DOCTYPE newsItem [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g" version="1"><itemMeta/><contentMeta><headline>&x;</headline></contentMeta></newsItem>
            """
        #expect(throws: IngestProblem.documentTypeDeclaration) { try xml(external) }
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + (1...9).map { "<!ENTITY lol\($0) \"" + String(repeating: "&lol\($0 == 1 ? "" : String($0 - 1));", count: 10) + "\">" }.joined()
            + "]><newsItem>&lol9;</newsItem>"
        #expect(throws: IngestProblem.documentTypeDeclaration) { try xml(bomb) }
        #expect(throws: IngestProblem.notUTF8(declared: "EUC-KR")) {
            try xml("<?xml version=\"1.0\" encoding=\"EUC-KR\"?><newsItem/>")
        }
        #expect(throws: IngestProblem.notUTF8(declared: nil)) { try IncomingDecoder.items([0x3C, 0x61, 0x3E, 0xC7, 0xD1, 0x3C, 0x2F, 0x61, 0x3E], kind: .xml) }
        #expect(throws: IngestProblem.self) { try xml("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><itemMeta></newsItem>") }
        #expect(throws: IngestProblem.tooDeep) { try xml(String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)) }
    }

    @Test func wrongSchemasSayWhatIsMissing() throws {
        #expect(throws: IngestProblem.wrongSchema("NewsML-G2 newsItem이 아닙니다 (최상위 요소: html).")) { try xml("<html><body/></html>") }
        #expect(throws: IngestProblem.wrongSchema("uri(항목의 고유 식별자)가 없습니다.")) { try json("{\"headline\": \"x\"}") }
        #expect(throws: IngestProblem.wrongSchema("제목(headlines 또는 headline)이 없습니다.")) { try json("{\"uri\": \"x\"}") }
        #expect(throws: IngestProblem.wrongSchema("version은 숫자여야 합니다.")) { try json("{\"uri\": \"x\", \"headline\": \"h\", \"version\": \"삼\"}") }
        #expect(throws: IngestProblem.malformedJSON) { try json("{\"uri\": ") }
        #expect(throws: IngestProblem.tooDeep) { try json(String(repeating: "[", count: 5000)) }
        #expect(throws: IngestProblem.tooLarge(limit: IncomingDecoder.maximumBytes)) {
            try IncomingDecoder.items([UInt8](repeating: 0x20, count: IncomingDecoder.maximumBytes + 1), kind: .json)
        }
    }

    @Test func contentTypesAndCharsets() throws {
        #expect(try IncomingDecoder.kind(contentType: "application/json; charset=utf-8") == .json)
        #expect(try IncomingDecoder.kind(contentType: "application/vnd.iptc.g2.newsitem+xml") == .xml)
        #expect(try IncomingDecoder.kind(contentType: "text/xml") == .xml)
        #expect(throws: IngestProblem.notUTF8(declared: "euc-kr")) { try IncomingDecoder.kind(contentType: "application/xml; charset=EUC-KR") }
        #expect(throws: IngestProblem.unsupportedType("text/plain")) { try IncomingDecoder.kind(contentType: "text/plain") }
        #expect(try IncomingDecoder.kind(fileName: "item.JSON", bytes: []) == .json)
        #expect(try IncomingDecoder.kind(fileName: "drop-0001", bytes: Array("  <newsItem/>".utf8)) == .xml)
    }
}
