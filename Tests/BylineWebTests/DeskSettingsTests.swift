import BylineCore
import BylineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Desk settings: sections, tags, users and tokens")
struct DeskSettingsTests {
    @Test("an admin creates, renames, nests and orders sections; the navigation follows")
    func sections() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let admin = try await newsroom.signIn(client, as: newsroom.admin)
            #expect(try await client.execute(uri: "/", method: .get).headers[.xCache] == "miss")
            let created = try await newsroom.post(client, "/admin/sections", ["parent": "", "slug": "sports", "name": "스포츠", "position": "0"], as: admin)
            #expect(created.status == .seeOther)
            // Every page shows the navigation: every cached page was marked stale, and refreshes behind its reader.
            #expect(try await client.execute(uri: "/", method: .get).headers[.xCache] == "stale")
            #expect(try await eventually { try await client.execute(uri: "/", method: .get).text.contains(">스포츠</a>") })
            let nested = try await newsroom.post(client, "/admin/sections", ["parent": "sports", "slug": "baseball", "name": "야구"], as: admin)
            #expect(nested.status == .seeOther)
            #expect(try await client.execute(uri: "/section/sports/baseball", method: .get).status == .ok)

            let duplicate = try await newsroom.post(client, "/admin/sections", ["parent": "", "slug": "sports", "name": "또 스포츠"], as: admin)
            #expect(duplicate.status == .badRequest)
            #expect(duplicate.text.contains("같은 주소의 섹션이 이미 있습니다."))
            let badSlug = try await newsroom.post(client, "/admin/sections", ["parent": "", "slug": "스포츠", "name": "스포츠"], as: admin)
            #expect(badSlug.status == .badRequest)

            let tree = SectionTree(try await newsroom.web.store.sections())
            let sports = try #require(tree.section(at: SectionPath("sports")!))
            let baseball = try #require(tree.section(at: SectionPath("sports/baseball")!))
            let economy = try #require(tree.section(at: SectionPath("economy")!))
            let renamed = try await newsroom.post(
                client, "/admin/sections/\(economy.id)", ["name": "경제·산업", "parent": "", "position": "9"], as: admin)
            #expect(renamed.status == .seeOther)
            let cycle = try await newsroom.post(
                client, "/admin/sections/\(sports.id)", ["name": "스포츠", "parent": String(baseball.id.rawValue), "position": "0"], as: admin)
            #expect(cycle.status == .badRequest)
            #expect(cycle.text.contains("하위 섹션 아래로 옮길 수 없습니다"))
            let moved = try await newsroom.post(
                client, "/admin/sections/\(baseball.id)", ["name": "프로야구", "parent": String(economy.id.rawValue), "position": "1"], as: admin)
            #expect(moved.status == .seeOther)
            let after = SectionTree(try await newsroom.web.store.sections())
            #expect(after.section(at: SectionPath("economy/baseball")!)?.name == "프로야구")
            #expect(after.section(economy.id)?.name == "경제·산업")
            #expect(after.topLevel.last?.id == economy.id, "ordered last by its position")
        }
    }

    @Test("editors rename, merge and delete tags; the articles and tag pages follow")
    func tags() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let reporter = try await newsroom.signIn(client, as: newsroom.reporter)
            #expect(try await newsroom.get(client, "/admin/tags", as: reporter).status == .forbidden)
            let page = try await newsroom.get(client, "/admin/tags", as: editor)
            #expect(page.text.contains("#여름 휴가"))
            let lead = newsroom.web.leadID
            #expect(try await client.execute(uri: "/news/\(lead)", method: .get).text.contains("#여름 휴가"))

            #expect(try await newsroom.post(client, "/admin/tags/rename", ["name": "여름 휴가", "new_name": "여름휴가"], as: editor).status == .seeOther)
            #expect(try await eventually {
                let article = try await client.execute(uri: "/news/\(lead)", method: .get).text
                return article.contains("#여름휴가") && !article.contains("#여름 휴가")
            }, "the cached article page was marked stale")
            // Renaming onto an existing tag merges the two.
            #expect(try await newsroom.post(client, "/admin/tags/rename", ["name": "여름휴가", "new_name": "서울"], as: editor).status == .seeOther)
            let counts = Dictionary(uniqueKeysWithValues: try await newsroom.web.accounts.tagCounts().map { ($0.tag.name, $0.articles) })
            #expect(counts["여름휴가"] == nil)
            #expect(counts["서울"] == 2)
            #expect(try await newsroom.post(client, "/admin/tags/delete", ["name": "서울"], as: editor).status == .seeOther)
            #expect(try await client.execute(uri: "/tags/\(percentEncode("서울"))", method: .get).status == .notFound)
        }
    }

    @Test("an admin adds users, changes roles, and creates and revokes API tokens shown once")
    func users() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let admin = try await newsroom.signIn(client, as: newsroom.admin)
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            #expect(try await newsroom.get(client, "/admin/users", as: editor).status == .forbidden)
            #expect(try await newsroom.post(client, "/admin/tokens", ["email": newsroom.editor.email], as: editor).status == .forbidden)

            let short = try await newsroom.post(
                client, "/admin/users", ["email": "new@byline.test", "name": "신입", "role": "reporter", "password": "짧아요"], as: admin)
            #expect(short.status == .badRequest)
            #expect(short.text.contains("10자 이상") && short.text.contains("value=\"new@byline.test\""))
            #expect(try await newsroom.post(
                client, "/admin/users", ["email": "new@byline.test", "name": "신입", "role": "reporter", "password": "충분히-긴-비밀번호"], as: admin
            ).status == .seeOther)
            let added = try #require(try await newsroom.web.accounts.credentials(email: "new@byline.test")?.user)
            #expect(try await newsroom.post(client, "/admin/users/\(added.id)/role", ["role": "editor"], as: admin).status == .seeOther)
            #expect(try await newsroom.web.accounts.credentials(email: "new@byline.test")?.user.role == .editor)
            #expect(try await newsroom.post(client, "/admin/users/\(newsroom.admin.id)/role", ["role": "reporter"], as: admin).status == .forbidden)

            let created = try await newsroom.post(client, "/admin/tokens", ["email": "new@byline.test", "name": "통신 연동"], as: admin)
            #expect(created.status == .ok)
            let token = try #require(created.text.firstMatch(of: /<code class="token">([A-Za-z0-9_-]{43})<\/code>/)?.1)
            let api = try await client.execute(uri: "/api/v1/admin/articles", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(api.status == .ok)
            #expect(try await !newsroom.get(client, "/admin/users", as: admin).text.contains(String(token)), "shown once")
            let hash = try #require(try await newsroom.web.accounts.apiTokens().first?.hash)
            #expect(try await newsroom.post(client, "/admin/tokens/revoke", ["hash": hash], as: admin).status == .seeOther)
            let revoked = try await client.execute(uri: "/api/v1/admin/articles", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(revoked.status == .unauthorized)
        }
    }
}
