import BylineCore
import BylineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Trash and autosave")
struct TrashAndAutosaveTests {
    @Test("a deleted article leaves every public page, waits in the trash for 30 days, and can be restored")
    func trash() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let reporter = try await newsroom.signIn(client, as: newsroom.reporter)
            let created = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: editor)
            let id = try #require(NewsroomWebFixture.id(fromLocation: created))
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/publish", [:], as: editor).status == .seeOther)
            #expect(try await client.execute(uri: "/latest", method: .get).text.contains("/news/\(id)"))

            #expect(try await newsroom.post(client, "/admin/articles/\(id)/delete", [:], as: reporter).status == .forbidden,
                    "a reporter deletes only their own drafts")
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/delete", [:], as: editor).status == .seeOther)
            #expect(try await client.execute(uri: "/news/\(id)", method: .get).status == .notFound)
            #expect(try await eventually { try await !client.execute(uri: "/latest", method: .get).text.contains("/news/\(id)") },
                    "the cached list was marked stale")
            #expect(try await !newsroom.get(client, "/admin", as: editor).text.contains("/admin/articles/\(id)\""))
            let bin = try await newsroom.get(client, "/admin/trash", as: editor).text
            #expect(bin.contains("/admin/articles/\(id)\"") && bin.contains("마포구 새 도서관 문 연다"))
            #expect(try await newsroom.get(client, "/admin/articles/\(id)", as: editor).text.contains("휴지통에 있는 기사입니다."))

            #expect(try await newsroom.post(client, "/admin/articles/\(id)/undelete", [:], as: reporter).status == .forbidden)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/undelete", [:], as: editor).status == .seeOther)
            let restored = try await newsroom.site.newsroom.draft(id)
            #expect(restored.trashedAt == nil)
            #expect(restored.status == .unpublished, "back, but not public until an editor publishes it again")
            #expect(try await newsroom.get(client, "/admin", as: editor).text.contains("/admin/articles/\(id)\""))

            // A reporter's own draft: deleted, and after 30 days gone for good.
            let draftResponse = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: reporter)
            let draft = try #require(NewsroomWebFixture.id(fromLocation: draftResponse))
            #expect(try await newsroom.post(client, "/admin/articles/\(draft)/delete", [:], as: reporter).status == .seeOther)
            newsroom.advance(29 * 86_400)
            #expect(try await newsroom.site.newsroom.emptyTrash() == 0)
            newsroom.advance(2 * 86_400)
            #expect(try await newsroom.site.newsroom.emptyTrash() == 1)
            await #expect(throws: BylineError.notFound) { try await newsroom.site.newsroom.draft(draft) }
        }
    }

    @Test("what is typed is autosaved, offered back when newer than the last save, and dropped once saved")
    func autosave() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let created = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: editor)
            let id = try #require(NewsroomWebFixture.id(fromLocation: created))
            let page = try await newsroom.get(client, "/admin/articles/\(id)", as: editor).text
            #expect(page.contains("data-autosave=\"/admin/articles/\(id)/autosave\""))
            let script = try #require(page.firstMatch(of: /<script src="(\/static\/editor[^"]+\.js)" defer><\/script>/)?.1)
            let served = try await client.execute(uri: String(script), method: .get)
            #expect(served.status == .ok)
            #expect(served.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(served.text.contains("data-autosave"))

            var typing = NewsroomWebFixture.articleFields
            typing["body"] = "쓰다 만 원고: 정전 직전까지 쓴 문장."
            newsroom.advance(30)
            var forged = typing
            forged["csrf_token"] = "forged"
            #expect(try await client.execute(
                uri: "/admin/articles/\(id)/autosave", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: editor.cookie],
                body: ByteBuffer(string: "body=x&csrf_token=forged")).status == .forbidden)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/autosave", typing, as: editor).status == .noContent)

            let reopened = try await newsroom.get(client, "/admin/articles/\(id)", as: editor).text
            #expect(reopened.contains("자동 저장된 내용이 마지막 저장보다 새롭습니다"))
            #expect(!reopened.contains("쓰다 만 원고"), "offered, not imposed")
            let recovered = try await newsroom.get(client, "/admin/articles/\(id)?autosave=1", as: editor).text
            #expect(recovered.contains("쓰다 만 원고: 정전 직전까지 쓴 문장."))

            typing["version"] = "1"
            #expect(try await newsroom.post(client, "/admin/articles/\(id)", typing, as: editor).status == .seeOther)
            #expect(try await !newsroom.get(client, "/admin/articles/\(id)", as: editor).text.contains("자동 저장된 내용이"))
        }
    }
}
