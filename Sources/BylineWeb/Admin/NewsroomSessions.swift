import BylineAccounts
import BylineCore
import BylineNewsroom
import Hummingbird

/// The door of every newsroom page behind the sign-in: the session, and for a form that
/// changes something, its CSRF token, checked once here before any handler runs.
///
/// A page asked for without a session sends the person to sign in; a form posted without
/// one, or with a token that is not the session's, is refused (403). Handlers find the
/// person and the form in the context (`signedIn()`, `signedForm()`). A photo upload is
/// multipart: its token is among its parts, and its handler checks it there.
struct NewsroomSessions: RouterMiddleware {
    typealias Context = BylineRequestContext
    let signIn: SignIn
    /// An article form with a long Korean body triples in size when percent-encoded.
    static let formLimit = 2 << 20

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let signed = try await signIn.current(request) else {
            if request.method == .get || request.method == .head { return AdminController.redirect(to: "/admin/login") }
            throw BylineError.forbidden("로그인이 필요합니다. 다시 로그인해 주세요.")
        }
        var context = context
        context.signed = signed
        if request.method == .post, !MultipartForm.isMultipart(request) {
            let form = try await FormBody.read(request, limit: Self.formLimit)
            guard let sent = form["csrf_token"], Credentials.constantTimeEquals(signed.csrfToken, sent) else {
                throw Self.forged
            }
            context.form = form
        }
        return try await next(request, context)
    }

    static let forged = BylineError.forbidden("요청을 확인할 수 없습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.")
}

extension BylineRequestContext {
    /// The signed-in person on a newsroom route (NewsroomSessions let the request in).
    func signedIn() throws -> SignIn.Signed {
        guard let signed else { throw BylineError.forbidden("로그인이 필요합니다. 다시 로그인해 주세요.") }
        return signed
    }

    /// The signed-in person and the form they posted, its CSRF token already checked.
    func signedForm() throws -> (SignIn.Signed, FormBody) {
        guard let form else { throw NewsroomSessions.forged }
        return (try signedIn(), form)
    }

    /// The signed-in person and the photo upload they posted (multipart, which the session
    /// middleware leaves unread), its CSRF token checked here.
    func signedUpload(_ request: Request, photos: PhotoDesk) async throws -> (SignIn.Signed, MultipartForm) {
        let signed = try signedIn()
        let form = try await MultipartForm.read(request, limit: photos.uploadLimit)
        guard let sent = form["csrf_token"], Credentials.constantTimeEquals(signed.csrfToken, sent) else {
            throw NewsroomSessions.forged
        }
        return (signed, form)
    }
}
