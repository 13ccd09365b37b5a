import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// A signed-in person's cookie and the session's CSRF token.
struct NewsroomSession {
    let cookie: String
    let csrf: String
}

/// What a person does in the newsroom with a browser: sign in, open pages, post forms.
extension TestClientProtocol {
    /// Signs in through the form, from `forwardedFor` when given (a reader behind the proxy).
    func signIn(email: String, password: String, forwardedFor: String? = nil) async throws -> NewsroomSession {
        let response = try await postSignIn(email: email, password: password, forwardedFor: forwardedFor)
        #expect(response.status == .seeOther, "\(email) signs in")
        let session = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("byline_session=") })
        let cookie = String(session.split(separator: ";")[0])
        let desk = try await execute(uri: "/admin", method: .get, headers: [.cookie: cookie])
        let token = try #require(desk.text.firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1)
        return NewsroomSession(cookie: cookie, csrf: String(token))
    }

    /// Opens the sign-in form and posts it, as a browser would, with a fresh CSRF token.
    func postSignIn(email: String, password: String, forwardedFor: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let forwardedFor { headers[.xForwardedFor] = forwardedFor }
        let form = try await execute(uri: "/admin/login", method: .get, headers: headers)
        let csrf = try #require(form.text.firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1)
        headers[.cookie] = String(try #require(form.headers[.setCookie]?.split(separator: ";").first))
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await execute(
            uri: "/admin/login", method: .post, headers: headers,
            body: ByteBuffer(string: "email=\(percentEncode(email))&password=\(percentEncode(password))&csrf_token=\(csrf)"))
    }

    /// Posts a form as a signed-in person, the CSRF token added.
    func post(_ uri: String, _ fields: [String: String], as session: NewsroomSession) async throws -> TestResponse {
        var all = fields
        all["csrf_token"] = session.csrf
        let body = all.sorted { $0.key < $1.key }.map { "\($0.key)=\(percentEncode($0.value))" }.joined(separator: "&")
        return try await execute(
            uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: session.cookie],
            body: ByteBuffer(string: body))
    }

    func get(_ uri: String, as session: NewsroomSession) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: [.cookie: session.cookie])
    }
}
