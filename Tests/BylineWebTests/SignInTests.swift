import BylineAccounts
import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Signing in to the newsroom: sessions in the database, cookies, CSRF and throttling.
@Suite("Newsroom sign-in")
struct SignInTests {
    static let password = "한강-야간수영-2024"

    /// A fixture with one editor, and the site built on it (`https` gives Secure cookies).
    func site(publicURL: String? = nil) async throws -> (WebFixture, BylineSite) {
        let fixture = try await WebFixture(fillerArticles: 0)
        _ = try await fixture.accounts.addUser(
            NewUser(email: "editor@byline.test", name: "박편집", role: .editor, passwordHash: Credentials.hashPassword(Self.password)),
            at: WebFixture.now)
        let site = try await BylineSite(
            configuration: WebConfiguration(port: 0, publicURL: publicURL, mediaDirectory: fixture.directory),
            store: fixture.store, newsroom: fixture.accounts, clock: .fixed(WebFixture.now))
        return (fixture, site)
    }

    /// The sign-in form's token and its cookie, as a browser would hold them.
    func openForm(_ client: some TestClientProtocol) async throws -> (csrf: String, cookie: String) {
        let form = try await client.execute(uri: "/admin/login", method: .get)
        #expect(form.status == .ok)
        #expect(form.headers[.cacheControl] == "no-store")
        let csrf = try #require(form.text.firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1)
        let cookie = try #require(form.headers[.setCookie]?.split(separator: ";").first)
        return (String(csrf), String(cookie))
    }

    func postLogin(
        _ client: some TestClientProtocol, email: String, password: String, form: (csrf: String, cookie: String)
    ) async throws -> TestResponse {
        let body = "email=\(percentEncode(email))&password=\(percentEncode(password))&csrf_token=\(form.csrf)"
        return try await client.execute(
            uri: "/admin/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: form.cookie], body: ByteBuffer(string: body))
    }

    func sessionCookie(_ response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("byline_session=") && !$0.hasPrefix("byline_session=;") }
    }

    @Test("an editor signs in, the session cookie is HttpOnly and SameSite, and the desk knows them")
    func signIn() async throws {
        let (_, site) = try await site()
        try await site.application().test(.router) { client in
            #expect(try await client.execute(uri: "/admin", method: .get).headers[.location] == "/admin/login")
            let response = try await postLogin(client, email: "Editor@Byline.test", password: Self.password, form: try await openForm(client))
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/admin/dashboard", "the dashboard is where the newsroom lands")
            let cookie = try #require(sessionCookie(response))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain http here")
            let session = String(cookie.split(separator: ";")[0])
            let desk = try await client.execute(uri: "/admin", method: .get, headers: [.cookie: session])
            #expect(desk.status == .ok)
            #expect(desk.text.contains("박편집"))
            #expect(desk.text.contains("편집자"))
            #expect(desk.headers[.cacheControl] == "no-store")
            #expect(desk.headers[.xCache] == nil, "admin pages are never cached")
        }
    }

    @Test("cookies are Secure when the site is served over https")
    func secureCookies() async throws {
        let (_, site) = try await site(publicURL: "https://news.byline.test")
        try await site.application().test(.router) { client in
            let form = try await openForm(client)
            let response = try await postLogin(client, email: "editor@byline.test", password: Self.password, form: form)
            #expect(try #require(sessionCookie(response)).contains("Secure"))
        }
    }

    @Test("a wrong password keeps the e-mail, never echoes the password, and creates no session")
    func wrongPassword() async throws {
        let (_, site) = try await site()
        try await site.application().test(.router) { client in
            for email in ["editor@byline.test", "nobody@byline.test"] {
                let response = try await postLogin(client, email: email, password: "틀린-비밀번호-입니다", form: try await openForm(client))
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("이메일 또는 비밀번호가 맞지 않습니다."))
                #expect(response.text.contains("value=\"\(email)\""))
                #expect(!response.text.contains("틀린-비밀번호"))
                #expect(sessionCookie(response) == nil)
            }
        }
    }

    @Test("after five failures in fifteen minutes the next attempt gets 429 without being checked")
    func throttling() async throws {
        let (fixture, site) = try await site()
        try await site.application().test(.router) { client in
            for _ in 0..<5 {
                let response = try await postLogin(client, email: "editor@byline.test", password: "아니에요-아니에요", form: try await openForm(client))
                #expect(response.status == .unauthorized)
            }
            let blocked = try await postLogin(client, email: "editor@byline.test", password: Self.password, form: try await openForm(client))
            #expect(blocked.status == .tooManyRequests)
            #expect(sessionCookie(blocked) == nil, "even the right password is not checked")
            let retryAfter = try #require(Int(blocked.headers[.retryAfter] ?? ""))
            #expect((1...900).contains(retryAfter))
            #expect(blocked.text.contains("다시 시도해 주세요"))
        }
        // Each count stands on its own: failures from one client address make every account wait there;
        // past fifty failures in an hour an account waits everywhere.
        let signIn = SignIn(accounts: fixture.accounts, clock: .fixed(WebFixture.now), secureCookies: false, logger: Logger(label: "test"))
        let other = try await fixture.accounts.addUser(
            NewUser(email: "desk@byline.test", name: "최데스크", role: .admin, passwordHash: Credentials.hashPassword(Self.password)),
            at: WebFixture.now)
        let outcome = try await signIn.signIn(email: other.email, password: Self.password, address: "192.0.2.7")
        guard case .signedIn = outcome else { Issue.record("a fresh account from a fresh address signs in"); return }
        try await fixture.accounts.recordFailedSignIn(
            keys: Array(repeating: "address:192.0.2.8", count: 5), at: WebFixture.now.addingTimeInterval(-60))
        guard case .throttled(let wait) = try await signIn.signIn(email: other.email, password: Self.password, address: "192.0.2.8")
        else { Issue.record("the address is throttled"); return }
        #expect(wait == 840)
        // Fifteen minutes on, the failures no longer count.
        let later = SignIn(
            accounts: fixture.accounts, clock: .fixed(WebFixture.now.addingTimeInterval(900)), secureCookies: false, logger: Logger(label: "test"))
        guard case .signedIn = try await later.signIn(email: other.email, password: Self.password, address: "192.0.2.8")
        else { Issue.record("the window has passed"); return }

        try await fixture.accounts.recordFailedSignIn(
            keys: Array(repeating: "account:desk@byline.test", count: 49), at: WebFixture.now.addingTimeInterval(-600))
        guard case .signedIn = try await signIn.signIn(email: other.email, password: Self.password, address: "192.0.2.20")
        else { Issue.record("49 failures spread over many addresses do not lock the account"); return }
        try await fixture.accounts.recordFailedSignIn(keys: ["account:desk@byline.test"], at: WebFixture.now.addingTimeInterval(-600))
        guard case .throttled(let ceilingWait) = try await signIn.signIn(email: other.email, password: Self.password, address: "192.0.2.21")
        else { Issue.record("the fiftieth failure in an hour makes the account wait everywhere"); return }
        #expect(ceilingWait == 3000)
    }

    @Test("forms without the right CSRF token get 403 and change nothing")
    func csrf() async throws {
        let (_, site) = try await site()
        try await site.application().test(.router) { client in
            let form = try await openForm(client)
            let forged = try await postLogin(client, email: "editor@byline.test", password: Self.password, form: ("forged", form.cookie))
            #expect(forged.status == .forbidden)
            #expect(sessionCookie(forged) == nil)
            let noCookie = try await postLogin(client, email: "editor@byline.test", password: Self.password, form: (form.csrf, "x=y"))
            #expect(noCookie.status == .forbidden)

            let signedIn = try await postLogin(client, email: "editor@byline.test", password: Self.password, form: try await openForm(client))
            let session = String(try #require(sessionCookie(signedIn)).split(separator: ";")[0])
            for body in ["", "csrf_token=wrong"] {
                let logout = try await client.execute(
                    uri: "/admin/logout", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: session], body: ByteBuffer(string: body))
                #expect(logout.status == .forbidden)
            }
            #expect(try await client.execute(uri: "/admin", method: .get, headers: [.cookie: session]).status == .ok, "still signed in")
        }
    }

    @Test("every newsroom page needs a session, and every newsroom form the session's token")
    func newsroomDoor() async throws {
        let (_, site) = try await site()
        try await site.application().test(.router) { client in
            let forms = [
                "/admin/articles", "/admin/articles/1", "/admin/articles/1/publish", "/admin/articles/1/autosave",
                "/admin/articles/1/delete", "/admin/articles/1/restore", "/admin/sections", "/admin/tags/rename", "/admin/users",
                "/admin/users/1/name", "/admin/users/1/role", "/admin/tokens", "/admin/logout",
            ]
            let urlencoded: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            for page in ["/admin", "/admin/articles/new", "/admin/articles/1", "/admin/articles/1/preview", "/admin/users", "/admin/trash"] {
                let response = try await client.execute(uri: page, method: .get)
                #expect(response.status == .seeOther, "\(page)")
                #expect(response.headers[.location] == "/admin/login")
            }
            for form in forms {
                let anonymous = try await client.execute(uri: form, method: .post, headers: urlencoded, body: ByteBuffer(string: "csrf_token=x"))
                #expect(anonymous.status == .forbidden, "\(form) without a session")
            }
            let signedIn = try await postLogin(client, email: "editor@byline.test", password: Self.password, form: try await openForm(client))
            let session = String(try #require(sessionCookie(signedIn)).split(separator: ";")[0])
            var headers = urlencoded
            headers[.cookie] = session
            for form in forms {
                for body in ["", "csrf_token=forged&name=x"] {
                    let forged = try await client.execute(uri: form, method: .post, headers: headers, body: ByteBuffer(string: body))
                    #expect(forged.status == .forbidden, "\(form) with \(body.isEmpty ? "no" : "a forged") token")
                }
            }
            #expect(try await client.execute(uri: "/admin", method: .get, headers: [.cookie: session]).status == .ok, "still signed in")
        }
    }

    @Test("signing out ends the session on the server; a session survives a restart")
    func sessions() async throws {
        let (fixture, site) = try await site()
        let session = try await site.application().test(.router) { client in
            let signedIn = try await postLogin(client, email: "editor@byline.test", password: Self.password, form: try await openForm(client))
            return String(try #require(sessionCookie(signedIn)).split(separator: ";")[0])
        }
        // A new process on the same database: the cookie still signs in.
        let restarted = try await BylineSite(
            configuration: WebConfiguration(port: 0, mediaDirectory: fixture.directory),
            store: fixture.store, newsroom: fixture.accounts, clock: .fixed(WebFixture.now))
        try await restarted.application().test(.router) { client in
            let desk = try await client.execute(uri: "/admin", method: .get, headers: [.cookie: session])
            #expect(desk.status == .ok)
            let csrf = try #require(desk.text.firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1)
            let logout = try await client.execute(
                uri: "/admin/logout", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: session], body: ByteBuffer(string: "csrf_token=\(csrf)"))
            #expect(logout.status == .seeOther)
            #expect(logout.headers[values: .setCookie].contains { $0.hasPrefix("byline_session=;") || $0.contains("Max-Age=0") })
            // The old cookie, replayed, signs nobody in.
            let replay = try await client.execute(uri: "/admin", method: .get, headers: [.cookie: session])
            #expect(replay.status == .seeOther)
            #expect(replay.headers[.location] == "/admin/login")
        }
    }

    @Test("malformed sign-in forms get a clear 400 or 413")
    func badForms() async throws {
        let (_, site) = try await site()
        try await site.application().test(.router) { client in
            let form = try await openForm(client)
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: form.cookie]
            let badEncoding = try await client.execute(
                uri: "/admin/login", method: .post, headers: headers, body: ByteBuffer(string: "email=%E0%A4&password=x&csrf_token=\(form.csrf)"))
            #expect(badEncoding.status == .badRequest)
            let json = try await client.execute(
                uri: "/admin/login", method: .post, headers: [.contentType: "application/json", .cookie: form.cookie],
                body: ByteBuffer(string: "{}"))
            #expect(json.status == .badRequest)
            let huge = try await client.execute(
                uri: "/admin/login", method: .post, headers: headers, body: ByteBuffer(string: String(repeating: "a", count: 70_000)))
            #expect(huge.status == .contentTooLarge)
            for response in [badEncoding, json, huge] {
                for marker in internalMarkers { #expect(!response.text.contains(marker)) }
            }
        }
    }
}
