import BylineAccounts
import BylineCore
import Foundation
import Hummingbird
import Logging

/// Signing in and out of the newsroom, and finding who is signed in.
///
/// Sessions live in the database (they survive a restart and a change of node); the
/// cookie holds a random token whose SHA-256 is the session's key.
///
/// Failed sign-ins are counted per (account, client address) and per client address:
/// after five within fifteen minutes that pair or that address is refused with 429 before
/// its password is even checked, while the account still signs in from anywhere else, so
/// nobody can lock an editor out by guessing at their account. Across every address an
/// account takes at most fifty failures an hour, which keeps a guess spread over many
/// addresses slow.
struct SignIn: Sendable {
    static let sessionCookie = "byline_session"
    /// The token a sign-in form carries before there is a session (double-submit).
    static let formCookie = "byline_signin"
    static let sessionLifetime: TimeInterval = 12 * 3600
    static let throttleWindow: TimeInterval = 15 * 60
    static let throttleLimit = 5
    static let accountWindow: TimeInterval = 3600
    static let accountCeiling = 50
    /// Checked when the e-mail is unknown, so that a wrong e-mail costs as long as a wrong password.
    static let decoyHash = Credentials.hashPassword("byline-decoy-password")

    let accounts: any AccountStore
    let clock: NewsClock
    /// Cookies are `Secure` when readers reach the site over https.
    let secureCookies: Bool
    let logger: Logger

    struct Signed: Sendable {
        let user: User
        let csrfToken: String
        let tokenHash: String
    }

    enum Outcome {
        case signedIn(token: String)
        case refused
        case throttled(retryAfter: Int)
    }

    /// The signed-in user behind the request's session cookie, if any.
    func current(_ request: Request) async throws -> Signed? {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty, token.utf8.count <= 64 else { return nil }
        let hash = Credentials.tokenHash(token)
        guard let session = try await accounts.session(tokenHash: hash, asOf: clock.now) else { return nil }
        return Signed(user: session.user, csrfToken: session.csrfToken, tokenHash: hash)
    }

    /// A count of failed sign-ins that, once full, makes the next attempt wait.
    struct Throttle {
        let key: String
        let window: TimeInterval
        let limit: Int
        /// What it counts, for the log.
        let scope: String
    }

    static func throttles(email: String, address: String) -> [Throttle] {
        let account = email.lowercased()
        return [
            Throttle(key: "pair:\(address) \(account)", window: throttleWindow, limit: throttleLimit, scope: "account-address"),
            Throttle(key: "address:" + address, window: throttleWindow, limit: throttleLimit, scope: "address"),
            Throttle(key: "account:" + account, window: accountWindow, limit: accountCeiling, scope: "account"),
        ]
    }

    func signIn(email: String, password: String, address: String) async throws -> Outcome {
        let now = clock.now
        let throttles = Self.throttles(email: email, address: address)
        var retryAfter = 0
        var scopes: [String] = []
        for throttle in throttles {
            let failures = try await accounts.failedSignIns(key: throttle.key, since: now.addingTimeInterval(-throttle.window))
            if failures.count >= throttle.limit, let oldest = failures.oldest {
                retryAfter = max(retryAfter, Int(oldest.addingTimeInterval(throttle.window).timeIntervalSince(now).rounded(.up)))
                scopes.append(throttle.scope)
            }
        }
        if retryAfter > 0 {
            logger.warning("sign-in throttled", metadata: [
                "client": "\(address)", "account": "\(email.prefix(254))", "scope": "\(scopes.joined(separator: ","))",
                "retry_after": "\(retryAfter)",
            ])
            return .throttled(retryAfter: max(1, retryAfter))
        }

        let credentials = try await accounts.credentials(email: email)
        guard Credentials.verify(password, against: credentials?.passwordHash ?? Self.decoyHash), let user = credentials?.user else {
            try await accounts.recordFailedSignIn(keys: throttles.map(\.key), at: now)
            logger.notice("sign-in refused", metadata: ["client": "\(address)", "account": "\(email.prefix(254))"])
            return .refused
        }
        // The pair's count starts again; the address keeps its own, so that signing in to one
        // account does not clear guesses made from the same place at others.
        try await accounts.clearFailedSignIns(key: throttles[0].key)
        let token = Credentials.newToken()
        try await accounts.createSession(
            tokenHash: Credentials.tokenHash(token), userID: user.id, csrfToken: Credentials.newToken(),
            expiresAt: now.addingTimeInterval(Self.sessionLifetime), at: now)
        return .signedIn(token: token)
    }

    func signOut(_ signed: Signed) async throws {
        try await accounts.deleteSession(tokenHash: signed.tokenHash)
    }

    func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: Self.sessionCookie, value: token, maxAge: Int(Self.sessionLifetime), path: "/", secure: secureCookies,
               httpOnly: true, sameSite: .strict)
    }

    func expiredSessionCookie() -> Cookie {
        Cookie(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    func formCookie(_ token: String) -> Cookie {
        Cookie(name: Self.formCookie, value: token, maxAge: 3600, path: "/admin", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }
}
