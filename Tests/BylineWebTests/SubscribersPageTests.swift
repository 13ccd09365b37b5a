import BylineAccounts
import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// The newsroom's distribution page, as an admin uses it in a browser.
@Suite("Newsroom: subscribers and products")
struct SubscribersPageTests {
    @Test("an admin makes a product and a subscriber by form, sees the key once, reads the queue and resends; editors cannot")
    func page() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let editor = try await client.signIn(email: newsroom.editor.email, password: NewsroomWebFixture.password)
            #expect(try await client.get("/admin/subscribers", as: editor).status == .forbidden)
            #expect(try await client.post("/admin/products", ["name": "몰래"], as: editor).status == .forbidden)

            let admin = try await client.signIn(email: newsroom.admin.email, password: NewsroomWebFixture.password)
            let empty = try await client.get("/admin/subscribers", as: admin)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("상품이 없습니다") && empty.text.contains("구독사가 없습니다"))
            #expect(empty.text.contains("<a href=\"/admin/subscribers\">구독사</a>"), "in the admin's menu")

            let refused = try await client.post("/admin/products", ["name": "잘못", "section": "nowhere"], as: admin)
            #expect(refused.status == .badRequest && refused.text.contains("없는 섹션입니다: nowhere"))
            #expect(try await client.post(
                "/admin/products", ["name": "사회 <종합>", "section": "society", "tags": "한강, 지하철", "with_photos": "on"], as: admin
            ).status == .seeOther)
            let listed = try await client.get("/admin/subscribers", as: admin).text
            #expect(listed.contains("사회 &lt;종합&gt;"), "escaped")
            #expect(listed.contains("섹션 사회 · 태그 한강, 지하철 · 사진 있는 기사만"))
            #expect(try await client.post("/admin/products", ["name": "전체 기사", "section": "", "grade": "", "kind": ""], as: admin).status == .seeOther)
            let products = try await newsroom.web.accounts.products()
            let productID = try #require(products.first { $0.name == "사회 <종합>" }?.id)
            let everything = try #require(products.first { $0.name == "전체 기사" }?.id)
            #expect(try await client.get("/admin/subscribers", as: admin).text.contains("모든 기사"))

            let noProducts = try await client.post("/admin/subscribers", ["name": "한빛일보", "format": "ninjs"], as: admin)
            #expect(noProducts.status == .badRequest && noProducts.text.contains("받을 상품을 하나 이상"))
            let badHook = try await client.post(
                "/admin/subscribers", ["name": "한빛일보", "product_\(productID)": "on", "webhook_url": "javascript:alert(1)"], as: admin)
            #expect(badHook.status == .badRequest && badHook.text.contains("웹훅 주소는"))
            // What the fixture already holds is fanned out before there is anyone to push it to.
            let wire = WireDeliveries(
                site: newsroom.site.site, backend: newsroom.web.accounts, leadership: nil, policy: DeliveryPolicy(), logger: Logger(label: "test"))
            try await wire.fanOut()
            let made = try await client.post(
                "/admin/subscribers",
                ["name": "한빛일보", "contact": "desk@hanbit.test", "product_\(productID)": "on", "product_\(everything)": "on", "format": "both",
                 "webhook_url": "http://127.0.0.1:9/hook", "embargoed_early": "on"], as: admin)
            #expect(made.status == .ok)
            let key = String(try #require(made.text.firstMatch(of: /API 키 <code class="token">([^<]+)<\/code>/)?.1))
            #expect(made.text.contains("서명 비밀값 <code class=\"token\">"))
            #expect(try await client.execute(uri: "/api/v1/feed", method: .get, headers: [.authorization: "Bearer \(key)"]).status == .ok)
            let again = try await client.get("/admin/subscribers", as: admin).text
            #expect(!again.contains(key), "shown once")
            #expect(again.contains("엠바고 기사 먼저 받음") && again.contains("둘 다") && again.contains("0 / 0 / 0"))

            // A publish reaches the queue; the queue page shows it and resends it.
            let subscriber = try #require(try await newsroom.web.accounts.subscribers().first)
            let reporter = try await client.signIn(email: newsroom.editor.email, password: NewsroomWebFixture.password)
            let created = try await client.post("/admin/articles", NewsroomWebFixture.articleFields, as: reporter)
            let id = try #require(NewsroomWebFixture.id(fromLocation: created))
            #expect(try await client.post("/admin/articles/\(id)/publish", [:], as: reporter).status == .seeOther)
            try await wire.fanOut()
            let queue = try await client.get("/admin/subscribers/\(subscriber.id)", as: admin)
            #expect(queue.status == .ok)
            #expect(queue.text.contains("한빛일보 전송 대기열") && queue.text.contains("<a href=\"/news/\(id)\">") && queue.text.contains(">대기<"))
            let delivery = try #require(try await newsroom.web.accounts.deliveries(of: subscriber.id, limit: 1).first)
            let resent = try await client.post("/admin/subscribers/\(subscriber.id)/resend", ["delivery": "\(delivery.id)"], as: admin)
            #expect(resent.status == .seeOther && resent.headers[.location] == "/admin/subscribers/\(subscriber.id)?resent=1")
            #expect(try await newsroom.web.accounts.deliveries(of: subscriber.id, limit: 5).count == 2)
            #expect(try await client.post("/admin/subscribers/\(subscriber.id)/resend", ["since": "어제"], as: admin).status == .badRequest)

            let rotated = try await client.post("/admin/subscribers/\(subscriber.id)/rotate", [:], as: admin)
            #expect(rotated.text.contains("예전 키는 바로 막혔습니다"))
            #expect(try await client.execute(uri: "/api/v1/feed", method: .get, headers: [.authorization: "Bearer \(key)"]).status == .unauthorized)
            #expect(try await client.post("/admin/subscribers/\(subscriber.id)/revoke", [:], as: admin).status == .seeOther)
            #expect(try await client.get("/admin/subscribers", as: admin).text.contains("해지됨"))
            #expect(try await client.get("/admin/subscribers/999", as: admin).status == .notFound)
        }
    }
}
