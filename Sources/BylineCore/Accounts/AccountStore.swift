import Foundation

/// Where accounts, sessions, API tokens and failed sign-ins are kept: the database, so
/// that they survive a restart and are shared by every node.
///
/// Tokens are never stored: callers pass the SHA-256 of a token, so a copy of the
/// database cannot be used to sign in.
public protocol AccountStore: Sendable {
    /// Adds a user; a second account with the same e-mail (any case) is refused. An account
    /// whose role writes gets its byline in the same transaction: the reporter with its
    /// e-mail (an imported archive's), renamed to the account's name, or a new one.
    func addUser(_ user: NewUser, at now: Date) async throws -> User

    /// The user's byline, linked (or created) now if it has none: what an admin gets when it first writes.
    func linkByline(_ id: UserID) async throws -> ReporterID

    /// Renames an account and its byline together; returns the byline, if it has one.
    func rename(_ id: UserID, to name: String) async throws -> ReporterID?

    /// A user and their password hash, by e-mail in any case.
    func credentials(email: String) async throws -> (user: User, passwordHash: String)?

    func createSession(tokenHash: String, userID: UserID, csrfToken: String, expiresAt: Date, at now: Date) async throws

    /// The signed-in user and the session's CSRF token, when the session exists and has not expired.
    func session(tokenHash: String, asOf now: Date) async throws -> (user: User, csrfToken: String)?

    /// Ends a session: its cookie no longer signs anyone in.
    func deleteSession(tokenHash: String) async throws

    func createAPIToken(hash: String, userID: UserID, name: String, at now: Date) async throws

    /// The user an API token acts for.
    func user(apiTokenHash: String) async throws -> User?

    /// Notes a failed sign-in under each key (the account, the client address, the pair).
    func recordFailedSignIn(keys: [String], at now: Date) async throws

    /// How many failures a key has since `since`, and when the oldest of them was.
    func failedSignIns(key: String, since: Date) async throws -> (count: Int, oldest: Date?)

    /// Forgets a key's failures, after a successful sign-in.
    func clearFailedSignIns(key: String) async throws

    /// Every user, by name.
    func users() async throws -> [User]
    /// Changes a role; an account that now writes gets its byline in the same transaction.
    func setRole(_ id: UserID, to role: Role) async throws
    /// Every API token (never the token itself: its hash, label and owner).
    func apiTokens() async throws -> [APITokenInfo]
    /// Revokes a token: it no longer authenticates anyone.
    func revokeAPIToken(hash: String) async throws
}

/// What the admin sees of an API token.
public struct APITokenInfo: Hashable, Sendable {
    public let hash: String
    public let name: String
    public let userEmail: String
    public let createdAt: Date

    public init(hash: String, name: String, userEmail: String, createdAt: Date) {
        self.hash = hash
        self.name = name
        self.userEmail = userEmail
        self.createdAt = createdAt
    }
}
