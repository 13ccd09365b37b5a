import BylineAccounts
import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// The pull feed, as an outlet's system reads it: set up by an admin through the Admin API,
/// filled by the desk's publishing, read with the subscriber's key.
@Suite("Wire: the pull feed")
struct WireFeedTests {
    let api = AdminAPITests()

    func article(_ headline: String, section: String, embargo: String? = nil) -> String {
        """
        {"headline": "\(headline)", "body": "\(headline) 본문.\\n\\n둘째 문단.", "section": "\(section)",
         "authors": [{"name": "홍길동", "email": "gildong@byline.test"}], "tags": ["배급시험"], "dateline": "서울"\(embargo.map { ", \"embargo_until\": \"\($0)\"" } ?? "")}
        """
    }

    @Test("a subscriber pulls what its products cover in its format; since catches up exactly; kills and embargoes follow the rules")
    func pull() async throws {
        let newsroom = try await NewsroomWebFixture()
        let adminToken = try await api.token(for: newsroom.admin, in: newsroom)
        let editorToken = try await api.token(for: newsroom.editor, in: newsroom)
        try await newsroom.site.application().test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil, accept: String? = nil) async throws
                -> (status: HTTPResponse.Status, object: [String: Any], response: TestResponse) {
                try await api.call(client, method, uri, token: token, json: json, headers: accept.map { [.accept: $0] } ?? [:])
            }
            func publish(_ json: String) async throws -> Int {
                let created = try await call(.post, "/api/v1/admin/articles", token: editorToken, json: json)
                let id = try #require(created.object["id"] as? Int, "\(created.object)")
                #expect(try await call(.post, "/api/v1/admin/articles/\(id)/publish", token: editorToken).status == .ok)
                return id
            }
            let society = try await call(.post, "/api/v1/admin/products", token: adminToken, json: #"{"name": "사회 기사", "sections": ["society"]}"#)
            let societyID = try #require(society.object["id"] as? Int)
            func subscriber(_ name: String, format: String, early: Bool) async throws -> String {
                let made = try await call(.post, "/api/v1/admin/subscribers", token: adminToken, json: """
                    {"name": "\(name)", "products": [\(societyID)], "format": "\(format)", "embargoed_early": \(early)}
                    """)
                return try #require(made.object["api_key"] as? String)
            }
            let paper = try await subscriber("한빛일보", format: "ninjs", early: false)
            let broadcaster = try await subscriber("바다방송", format: "both", early: true)

            let seoul = try await publish(article("서울 배급 기사", section: "society/seoul"))
            let economy = try await publish(article("경제 배급 기사", section: "economy"))
            let embargoed = try await publish(article("엠바고 배급 기사", section: "society", embargo: "2030-01-01T09:00:00+09:00"))
            let second = try await publish(article("두 번째 사회 기사", section: "society"))
            #expect(economy != seoul)

            // Newest first, only what the product covers, every item valid ninjs 2.2 with its version.
            let newest = try await call(.get, "/api/v1/feed", token: paper)
            #expect(newest.status == .ok)
            #expect(newest.response.headers[.cacheControl] == "no-store")
            let items = try #require(newest.object["items"] as? [[String: Any]])
            // The fixture's own society articles come after the two published here.
            let uris = items.compactMap { $0["uri"] as? String }
            #expect(Array(uris.prefix(2)) == ["http://127.0.0.1:0/news/\(second)", "http://127.0.0.1:0/news/\(seoul)"])
            #expect(!uris.contains("http://127.0.0.1:0/news/\(embargoed)"), "no embargoed copy for this outlet")
            #expect(!uris.contains("http://127.0.0.1:0/news/\(economy)"), "society only")
            #expect(items.allSatisfy { $0["version"] as? String == "1" && $0["pubstatus"] as? String == "usable" })
            for item in items {
                let text = String(decoding: try JSONSerialization.data(withJSONObject: item), as: UTF8.self)
                #expect(try DocumentInspector.schemaErrors("ninjs", text) == [])
            }
            let head = try #require(newest.object["next_cursor"] as? String)

            // The outlet allowed to see embargoed copies gets this one early, marked, and NewsML-G2 when it asks.
            let early = try await call(.get, "/api/v1/feed", token: broadcaster, accept: "application/vnd.iptc.g2.newsitem+xml")
            #expect(early.object["format"] as? String == "newsml")
            let xmls = try #require(early.object["items"] as? [String])
            #expect(xmls.count == uris.count + 1, "the same items and the embargoed one")
            let embargoedXML = try #require(xmls.first { $0.contains("/news/\(embargoed)\"") })
            #expect(embargoedXML.contains("<embargoed>2030-01-01T09:00:00+09:00</embargoed>"))
            for xml in xmls { #expect(try DocumentInspector.schemaErrors("newsml", xml) == []) }
            let earlyJSON = try await call(.get, "/api/v1/feed", token: broadcaster)
            #expect((earlyJSON.object["items"] as? [[String: Any]])?.contains { $0["embargoed"] as? String == "2030-01-01T09:00:00+09:00" } == true)

            // A correction and a kill after the cursor: exactly those, in order, the kill as a notice.
            #expect(try await call(.post, "/api/v1/admin/articles/\(seoul)/correct", token: editorToken, json: #"{"text": "장소를 바로잡습니다."}"#).status == .ok)
            #expect(try await call(.post, "/api/v1/admin/articles/\(second)/kill", token: editorToken, json: #"{"reason": "오보"}"#).status == .ok)
            let changes = try await call(.get, "/api/v1/feed?since=\(head)", token: paper)
            let changed = try #require(changes.object["items"] as? [[String: Any]])
            #expect(changed.compactMap { $0["uri"] as? String } == ["http://127.0.0.1:0/news/\(seoul)", "http://127.0.0.1:0/news/\(second)"])
            #expect(changed.map { $0["pubstatus"] as? String } == ["usable", "canceled"])
            #expect(changed.map { $0["version"] as? String } == ["2", "2"])
            #expect(changed.last?["bodies"] == nil, "a kill notice carries no text")
            for item in changed {
                #expect(try DocumentInspector.schemaErrors("ninjs", String(decoding: try JSONSerialization.data(withJSONObject: item), as: UTF8.self)) == [])
            }
            let after = try #require(changes.object["next_cursor"] as? String)
            #expect((try await call(.get, "/api/v1/feed?since=\(after)", token: paper).object["items"] as? [Any])?.isEmpty == true,
                    "nothing twice")

            // Catching up one item at a time from the start gives every change once, in order.
            var cursor = "0"
            var seen: [String] = []
            for _ in 0..<10 {
                let page = try await call(.get, "/api/v1/feed?since=\(cursor)&limit=1", token: paper)
                let pageItems = page.object["items"] as? [[String: Any]] ?? []
                if pageItems.isEmpty { break }
                seen += pageItems.compactMap { "\($0["uri"] as? String ?? "") v\($0["version"] as? String ?? "")" }
                cursor = try #require(page.object["next_cursor"] as? String)
            }
            #expect(Array(seen.suffix(2)) == [
                "http://127.0.0.1:0/news/\(seoul) v2", "http://127.0.0.1:0/news/\(second) v2",
            ], "each article at its newest change; earlier versions were superseded")
            #expect(seen.count == uris.count && Set(seen).count == seen.count, "every item once")

            // Keys and cursors.
            #expect(try await call(.get, "/api/v1/feed", token: nil).status == .unauthorized)
            #expect(try await call(.get, "/api/v1/feed", token: String(repeating: "x", count: 43)).status == .unauthorized)
            #expect(try await call(.get, "/api/v1/feed", token: editorToken).status == .unauthorized, "a newsroom token is not a subscriber key")
            #expect(try await call(.get, "/api/v1/feed?since=abc", token: paper).status == .badRequest)
            #expect(try await call(.get, "/api/v1/feed?limit=0", token: paper).status == .badRequest)
        }
    }
}
