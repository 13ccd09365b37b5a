import BylineAccounts
import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Products and subscribers through the Admin API, as an agency's admin sets up its outlets.
@Suite("Admin API: products and subscribers")
struct DistributionAPITests {
    let api = AdminAPITests()

    @Test("an admin makes products and a subscriber; the key and secret are shown once; editors are refused")
    func setUp() async throws {
        let newsroom = try await NewsroomWebFixture()
        let adminToken = try await api.token(for: newsroom.admin, in: newsroom)
        let editorToken = try await api.token(for: newsroom.editor, in: newsroom)
        try await newsroom.site.application().test(.router) { client in
            let refused = try await api.call(client, .get, "/api/v1/admin/products", token: editorToken)
            #expect(refused.status == .forbidden)
            #expect(refused.response.headers[.contentType] == "application/problem+json")
            #expect(try await api.call(client, .get, "/api/v1/admin/subscribers", token: nil).status == .unauthorized)

            let seoul = try await api.call(client, .post, "/api/v1/admin/products", token: adminToken, json: """
                {"name": "서울 소식", "sections": ["society"], "grades": ["important", "headline"], "kinds": ["article"],
                 "tags": ["한강"], "breaking_only": false, "with_photos": true}
                """)
            #expect(seoul.status == .created)
            #expect(seoul.response.headers[.location] == "/api/v1/admin/products/\(seoul.object["id"] as? Int ?? 0)")
            #expect(seoul.object["sections"] as? [String] == ["society"])
            #expect(seoul.object["grades"] as? [String] == ["important", "headline"])
            #expect(seoul.object["with_photos"] as? Bool == true)
            let productID = try #require(seoul.object["id"] as? Int)

            let bad = try await api.call(client, .post, "/api/v1/admin/products", token: adminToken, json: """
                {"name": " ", "sections": ["nowhere"], "grades": ["urgent"], "kinds": ["poem"]}
                """)
            #expect(bad.status == .badRequest)
            let fields = Set((bad.object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["name", "sections", "grades", "kinds"], "\(bad.object)")
            let taken = try await api.call(client, .post, "/api/v1/admin/products", token: adminToken, json: #"{"name": "서울 소식"}"#)
            #expect(taken.status == .badRequest && taken.response.text.contains("이미 있는 상품 이름"))

            let changed = try await api.call(
                client, .patch, "/api/v1/admin/products/\(productID)", token: adminToken, json: #"{"breaking_only": true}"#)
            #expect(changed.object["breaking_only"] as? Bool == true)
            #expect(changed.object["sections"] as? [String] == ["society"], "fields not sent stay")

            let created = try await api.call(client, .post, "/api/v1/admin/subscribers", token: adminToken, json: """
                {"name": "한빛일보", "contact": "desk@hanbit.test", "products": [\(productID)], "format": "both",
                 "webhook_url": "http://127.0.0.1:9/hook", "embargoed_early": true}
                """)
            #expect(created.status == .created)
            let key = try #require(created.object["api_key"] as? String)
            let secret = try #require(created.object["secret"] as? String)
            #expect(key.count >= 32 && secret.count >= 32 && key != secret)
            #expect(created.object["products"] as? [Int] == [productID])
            #expect(created.object["embargoed_early"] as? Bool == true)
            let subscriberID = try #require(created.object["id"] as? Int)
            // Kept hashed: the key opens the subscriber, and it is never shown again.
            #expect(try await newsroom.web.accounts.subscriber(keyHash: Credentials.tokenHash(key))?.name == "한빛일보")
            let listed = try await api.call(client, .get, "/api/v1/admin/subscribers", token: adminToken)
            #expect(!listed.response.text.contains(key) && !listed.response.text.contains(secret))
            #expect(listed.response.text.contains("\"api_key\"") == false)

            let invalid = try await api.call(client, .post, "/api/v1/admin/subscribers", token: adminToken, json: """
                {"name": "가람신문", "products": [\(productID), 999], "format": "rss", "webhook_url": "ftp://example.test/drop"}
                """)
            #expect(invalid.status == .badRequest)
            let problems = Set((invalid.object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(problems == ["format", "webhook_url"], "\(invalid.object)")
            let unknown = try await api.call(
                client, .post, "/api/v1/admin/subscribers", token: adminToken, json: #"{"name": "가람신문", "products": [999]}"#)
            #expect(unknown.status == .badRequest && unknown.response.text.contains("없는 상품"))

            let patched = try await api.call(
                client, .patch, "/api/v1/admin/subscribers/\(subscriberID)", token: adminToken, json: #"{"webhook_url": null, "format": "newsml"}"#)
            #expect(patched.status == .ok)
            #expect(patched.object["webhook_url"] is NSNull && patched.object["format"] as? String == "newsml")
            #expect(patched.object["contact"] as? String == "desk@hanbit.test")

            let rotated = try await api.call(client, .post, "/api/v1/admin/subscribers/\(subscriberID)/rotate", token: adminToken)
            let newKey = try #require(rotated.object["api_key"] as? String)
            #expect(newKey != key)
            #expect(try await newsroom.web.accounts.subscriber(keyHash: Credentials.tokenHash(key)) == nil, "the old key stops at once")

            #expect(try await api.call(client, .delete, "/api/v1/admin/subscribers/\(subscriberID)", token: adminToken).status == .noContent)
            #expect(try await newsroom.web.accounts.subscriber(keyHash: Credentials.tokenHash(newKey)) == nil)
            let revoked = try await api.call(client, .get, "/api/v1/admin/subscribers/\(subscriberID)", token: adminToken)
            #expect(revoked.object["revoked_at"] as? String != nil)

            #expect(try await api.call(client, .delete, "/api/v1/admin/products/\(productID)", token: adminToken).status == .noContent)
            #expect(try await api.call(client, .get, "/api/v1/admin/products/\(productID)", token: adminToken).status == .notFound)
            #expect(try await api.call(client, .get, "/api/v1/admin/subscribers/abc", token: adminToken).status == .notFound)
            let broken = try await api.call(client, .post, "/api/v1/admin/products", token: adminToken, json: "{\"name\": ")
            #expect(broken.status == .badRequest)
        }
    }
}
