import BylineAccounts
import BylineCore
import BylinePostgres
import BylineSQLite
import BylineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Where a new newsroom starts: an empty database, accounts made with `byline user add`
/// (the store's `addUser`, as the command calls it) or by an admin, and a first article.
/// Runs on SQLite and on a real PostgreSQL server.
@Suite("A new newsroom's first articles")
struct FirstAccountTests {
    static let password = "첫-기사-마감-십분전"
    static let now = Date(timeIntervalSince1970: 1_764_658_800)  // 2025-12-02 15:00 in Seoul

    enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqlite, postgres
        var testDescription: String { rawValue }

        func emptyStore() async throws -> any NewsStore & NewsroomBackend {
            switch self {
            case .sqlite:
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-first-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                return try SQLiteNewsStore(path: directory.appendingPathComponent("byline.sqlite").path)
            case .postgres:
                var configuration = try PostgresConfiguration(url: try PostgresServerProcess.shared().createDatabase())
                configuration.timeout = .seconds(60)
                return try await PostgresNewsStore.open(configuration)
            }
        }
    }

    /// An empty newsroom with one admin, as `byline user add --role admin` leaves it.
    struct Newsroom {
        let store: any NewsStore & NewsroomBackend
        let site: BylineSite
        let admin: User

        init(_ backend: Backend, sections: [NewSection] = []) async throws {
            store = try await backend.emptyStore()
            for section in sections { _ = try await store.createSection(section) }
            admin = try await store.addUser(
                NewUser(email: "chief@agency.test", name: "정국장", role: .admin, passwordHash: Credentials.hashPassword(password)),
                at: now)
            site = try await BylineSite(
                configuration: WebConfiguration(port: 0, mediaDirectory: FileManager.default.temporaryDirectory),
                store: store, newsroom: store, clock: .fixed(now))
        }

        /// Makes an API token for an account, as `byline token create` does.
        func token(for user: User) async throws -> String {
            let token = Credentials.newToken()
            try await store.createAPIToken(hash: Credentials.tokenHash(token), userID: user.id, name: "test", at: now)
            return token
        }
    }

    static func articleID(_ response: TestResponse) throws -> ArticleID {
        try #require(response.headers[.location]?.firstMatch(of: /\/admin\/articles\/(\d+)$/).flatMap { ArticleID(String($0.1)) })
    }

    @Test("an editor added by the admin writes and publishes a first article through the forms; so does the admin", arguments: Backend.allCases)
    func forms(_ backend: Backend) async throws {
        let newsroom = try await Newsroom(backend)
        try await newsroom.site.application().test(.router) { client in
            let chief = try await client.signIn(email: newsroom.admin.email, password: Self.password)
            // Before any section exists, the form says where to make one instead of offering an empty list.
            let sectionless = try await client.get("/admin/articles/new", as: chief).text
            #expect(sectionless.contains("아직 섹션이 없습니다"))
            #expect(sectionless.contains(#"<a href="/admin/sections">섹션 관리</a>"#))
            #expect(try await client.post("/admin/sections", ["slug": "society", "name": "사회"], as: chief).status == .seeOther)
            #expect(try await !client.get("/admin/articles/new", as: chief).text.contains("아직 섹션이 없습니다"))
            let added = try await client.post(
                "/admin/users", ["email": "editor@agency.test", "name": "김편집", "role": "editor", "password": Self.password], as: chief)
            #expect(added.status == .seeOther)

            // The editor's first article: the new form names them as its author.
            let editor = try await client.signIn(email: "editor@agency.test", password: Self.password)
            let form = try await client.get("/admin/articles/new", as: editor)
            #expect(form.text.contains(">editor@agency.test</textarea>"))
            let created = try await client.post("/admin/articles", [
                "headline": "구청 앞 횡단보도 새로 칠한다", "body": "구청이 낡은 횡단보도를 다시 칠한다.\n\n공사는 주말에 한다.",
                "section": "society", "authors": "editor@agency.test",
            ], as: editor)
            #expect(created.status == .seeOther, "\(created.text.prefix(300))")
            let id = try Self.articleID(created)
            #expect(try await client.post("/admin/articles/\(id)/publish", [:], as: editor).status == .seeOther)
            let page = try await client.execute(uri: "/news/\(id)", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("김편집 기자"))

            // An admin writes too: its byline is made the first time it names itself.
            let own = try await client.post("/admin/articles", [
                "headline": "편집국장이 쓰는 새해 인사", "body": "독자 여러분께 새해 인사를 드린다.", "section": "society",
                "authors": "chief@agency.test",
            ], as: chief)
            let ownID = try Self.articleID(own)
            #expect(try await client.post("/admin/articles/\(ownID)/publish", [:], as: chief).status == .seeOther)
            #expect(try await client.execute(uri: "/news/\(ownID)", method: .get).text.contains("정국장 기자"))

            // Renaming the account renames its byline on the pages that show it.
            let users = try await newsroom.store.users()
            let account = try #require(users.first { $0.email == "editor@agency.test" })
            let reporterPage = "/reporters/\(try #require(account.reporterID))"
            #expect(try await client.execute(uri: reporterPage, method: .get).text.contains("김편집"))
            #expect(try await client.post("/admin/users/\(account.id)/name", ["name": "김편집장"], as: chief).status == .seeOther)
            #expect(try await eventually { try await client.execute(uri: "/news/\(id)", method: .get).text.contains("김편집장 기자") })
            #expect(try await eventually { try await client.execute(uri: reporterPage, method: .get).text.contains("김편집장") })
            let refused = try await client.post("/admin/users/\(account.id)/name", ["name": "  "], as: chief)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("이름을 1~100자로 써 주세요."))

            // A byline the site has not seen needs a name, given as `이름 <이메일>`.
            let unnamed = try await client.post("/admin/articles", [
                "headline": "객원 기고", "body": "기고 본문.", "section": "society", "authors": "guest@agency.test",
            ], as: editor)
            #expect(unnamed.status == .badRequest)
            #expect(unnamed.text.contains("처음 보는 기자입니다"))
            #expect(unnamed.text.contains("guest@agency.test"), "the typed author is kept")
            let named = try await client.post("/admin/articles", [
                "headline": "객원 기고", "body": "기고 본문.", "section": "society", "authors": "한객원 <guest@agency.test>",
            ], as: editor)
            #expect(named.status == .seeOther)
        }
    }

    @Test("accounts made with `user add` write through the Admin API; editors add new bylines, reporters only name existing ones", arguments: Backend.allCases)
    func adminAPI(_ backend: Backend) async throws {
        let newsroom = try await Newsroom(backend, sections: [NewSection(path: SectionPath("economy")!, name: "경제")])
        let reporter = try await newsroom.store.addUser(
            NewUser(email: "reporter@agency.test", name: "이기자", role: .reporter, passwordHash: Credentials.hashPassword(Self.password)),
            at: Self.now)
        let editor = try await newsroom.store.addUser(
            NewUser(email: "desk@agency.test", name: "박데스크", role: .editor, passwordHash: Credentials.hashPassword(Self.password)),
            at: Self.now)
        #expect(reporter.reporterID != nil && editor.reporterID != nil, "accounts that write are bylines from the start")
        let (reporterToken, editorToken) = (try await newsroom.token(for: reporter), try await newsroom.token(for: editor))

        try await newsroom.site.application().test(.router) { client in
            func send(_ method: HTTPRequest.Method, _ uri: String, _ json: String, token: String) async throws -> TestResponse {
                try await client.execute(
                    uri: uri, method: method, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: json))
            }
            let draft = """
                {"headline": "수출 석 달째 늘어", "body": "반도체 수출이 석 달째 늘었다.", "section": "economy",
                 "authors": [{"name": "이기자", "email": "reporter@agency.test"}]}
                """
            let created = try await send(.post, "/api/v1/admin/articles", draft, token: reporterToken)
            #expect(created.status == .created, "\(created.text.prefix(300))")
            let id = try #require(created.text.firstMatch(of: /"id":(\d+)/).map { String($0.1) })
            #expect(try await send(.post, "/api/v1/admin/articles/\(id)/submit", "{}", token: reporterToken).status == .ok)
            #expect(try await send(.post, "/api/v1/admin/articles/\(id)/publish", "{}", token: editorToken).status == .ok)
            #expect(try await client.execute(uri: "/news/\(id)", method: .get).text.contains("이기자 기자"))

            // A reporter may name only bylines that exist; an editor adds one by naming it.
            let stranger = """
                {"headline": "환율 하락", "body": "환율이 내렸다.", "section": "economy",
                 "authors": [{"name": "이기자", "email": "reporter@agency.test"}, {"name": "최통신", "email": "wire@partner.test"}]}
                """
            let refused = try await send(.post, "/api/v1/admin/articles", stranger, token: reporterToken)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("\"field\":\"authors\""))
            #expect(refused.text.contains("wire@partner.test"))
            #expect(try await newsroom.store.reporters(emails: ["wire@partner.test"]).isEmpty, "nothing was added")
            let halfBad = """
                {"headline": "환율 하락", "body": "환율이 내렸다.", "section": "economy",
                 "authors": [{"name": "최통신", "email": "wire@partner.test"}, {"name": "주소없음", "email": "nobody@"}]}
                """
            #expect(try await send(.post, "/api/v1/admin/articles", halfBad, token: editorToken).status == .badRequest)
            #expect(try await newsroom.store.reporters(emails: ["wire@partner.test"]).isEmpty, "a refused article adds no byline")
            let accepted = try await send(.post, "/api/v1/admin/articles", stranger, token: editorToken)
            #expect(accepted.status == .created)
            #expect(try await newsroom.store.reporters(emails: ["WIRE@partner.test"]).map(\.name) == ["최통신"])
        }
    }

    @Test("`user add` for a reporter an imported archive already has links the account to it, and their articles are theirs", arguments: Backend.allCases)
    func importedReporter(_ backend: Backend) async throws {
        let newsroom = try await Newsroom(backend, sections: [NewSection(path: SectionPath("culture")!, name: "문화")])
        _ = try await newsroom.store.importRecords([
            .article(ArticleDocument(
                headline: "옛 기사", body: "가져온 본문.", section: SectionPath("culture")!,
                authors: [Byline(name: "윤옛날", email: "Yoon@Agency.test")], publishedAt: Self.now.addingTimeInterval(-86_400))),
            .article(ArticleDocument(
                headline: "가져온 초고", body: "아직 출고하지 않은 원고.", section: SectionPath("culture")!,
                authors: [Byline(name: "윤옛날", email: "Yoon@Agency.test")], publishedAt: nil)),
        ], at: Self.now)
        let archived = try #require(try await newsroom.store.reporters(emails: ["yoon@agency.test"]).first)
        let user = try await newsroom.store.addUser(
            NewUser(email: "yoon@agency.test", name: "윤새봄", role: .reporter, passwordHash: Credentials.hashPassword(Self.password)),
            at: Self.now)
        #expect(user.reporterID == archived.id, "linked, not duplicated")
        #expect(try await newsroom.store.reporter(archived.id)?.name == "윤새봄", "the byline carries the account's name")
        let draftID = try #require(
            try await newsroom.store.drafts(DraftFilter(headline: "가져온 초고"), page: PageRequest(after: nil, limit: 5)).items.first?.id)

        try await newsroom.site.application().test(.router) { client in
            let page = try await client.execute(uri: "/reporters/\(archived.id)", method: .get)
            #expect(page.text.contains("옛 기사"))
            // The reporter edits and submits the imported draft bylined to them.
            let session = try await client.signIn(email: "yoon@agency.test", password: Self.password)
            let form = try await client.get("/admin/articles/\(draftID)", as: session)
            let version = try #require(form.text.firstMatch(of: /name="version" value="(\d+)"/).map { String($0.1) })
            let saved = try await client.post("/admin/articles/\(draftID)", [
                "headline": "가져온 초고 손질", "body": "손본 원고.", "section": "culture", "authors": "yoon@agency.test",
                "version": version,
            ], as: session)
            #expect(saved.status == .seeOther, "\(saved.text.prefix(300))")
            #expect(try await client.post("/admin/articles/\(draftID)/submit", [:], as: session).status == .seeOther)
        }
    }
}
