import BylineAccounts
import BylineCore
import Foundation
import Hummingbird

/// The newsroom's door: `/admin/login` and `/admin/logout`.
///
/// Admin pages are never cached (`Cache-Control: no-store`) and every form that changes
/// state carries a CSRF token: the session's after sign-in, a cookie-bound one before.
struct AdminController: Sendable {
    let site: SiteContext
    let signIn: SignIn

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.get("/admin/login", use: loginForm)
        routes.post("/admin/login", use: login)
        // Signing out needs the session and the form's token, as every newsroom form does.
        routes.add(middleware: NewsroomSessions(signIn: signIn))
        routes.post("/admin/logout", use: logout)
        return routes
    }

    @Sendable func loginForm(_ request: Request, context: BylineRequestContext) async throws -> Response {
        if try await signIn.current(request) != nil { return Self.redirect(to: "/admin/dashboard") }
        return try loginPage(email: "", message: nil, status: .ok)
    }

    @Sendable func login(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard let expected = request.cookies[SignIn.formCookie]?.value, let sent = form["csrf_token"],
              Credentials.constantTimeEquals(expected, sent)
        else {
            throw BylineError.forbidden("로그인 양식이 만료되었습니다. 로그인 화면을 새로 열어 다시 시도해 주세요.")
        }
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        guard !email.isEmpty, !password.isEmpty, email.count <= 254, password.count <= 200 else {
            return try loginPage(email: email, message: "이메일과 비밀번호를 모두 입력해 주세요.", status: .badRequest)
        }
        switch try await signIn.signIn(email: email, password: password, address: context.clientAddress) {
        case .throttled(let seconds):
            throw BylineError.tooManyAttempts(retryAfter: seconds)
        case .refused:
            return try loginPage(email: email, message: "이메일 또는 비밀번호가 맞지 않습니다.", status: .unauthorized)
        case .signedIn(let token):
            var response = Self.redirect(to: "/admin/dashboard")
            response.setCookie(signIn.sessionCookie(token))
            return response
        }
    }

    @Sendable func logout(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, _) = try context.signedForm()
        try await signIn.signOut(signed)
        var response = Self.redirect(to: "/admin/login")
        response.setCookie(signIn.expiredSessionCookie())
        return response
    }

    private func loginPage(email: String, message: String?, status: HTTPResponse.Status) throws -> Response {
        let token = Credentials.newToken()
        let page = SignInPage(layout: site.adminLayout(title: "로그인", path: "/admin/login"), email: email, message: message, csrf: token)
        var response = Self.html(try site.templates.render(page, template: "admin-login"), status: status)
        response.setCookie(signIn.formCookie(token))
        return response
    }

    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303: after a form, the browser follows with a GET.
    static func redirect(to path: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = path
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}

struct SignInPage: Sendable {
    let layout: LayoutView
    let email: String
    let message: String?
    let csrf: String
}
