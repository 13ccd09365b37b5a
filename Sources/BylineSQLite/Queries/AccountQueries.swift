import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore: AccountStore {
    public func addUser(_ user: NewUser, at now: Date) async throws -> User {
        try await write { db in
            if try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE email = ? COLLATE NOCASE", arguments: [user.email]) != nil {
                throw BylineError.invalidInput("이미 등록된 이메일입니다: \(user.email)")
            }
            try db.execute(literal: """
                INSERT INTO user (email, name, role, passwordHash, createdAt)
                VALUES (\(user.email), \(user.name), \(user.role.rawValue), \(user.passwordHash), \(now.milliseconds))
                """)
            return User(id: UserID(rawValue: db.lastInsertedRowID), email: user.email, name: user.name, role: user.role)
        }
    }

    public func credentials(email: String) async throws -> (user: User, passwordHash: String)? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE email = ? COLLATE NOCASE", arguments: [email]),
                  let user = Self.user(row)
            else { return nil }
            return (user, row["passwordHash"])
        }
    }

    public func createSession(tokenHash: String, userID: UserID, csrfToken: String, expiresAt: Date, at now: Date) async throws {
        try await write { db in
            // Expired sessions are swept whenever someone signs in.
            try db.execute(literal: "DELETE FROM session WHERE expiresAt <= \(now.milliseconds)")
            try db.execute(literal: """
                INSERT INTO session (tokenHash, userId, csrfToken, createdAt, expiresAt)
                VALUES (\(tokenHash), \(userID.rawValue), \(csrfToken), \(now.milliseconds), \(expiresAt.milliseconds))
                """)
        }
    }

    public func session(tokenHash: String, asOf now: Date) async throws -> (user: User, csrfToken: String)? {
        try await read { db in
            guard let row = try SQLRequest<Row>(literal: """
                SELECT user.*, session.csrfToken FROM session JOIN user ON user.id = session.userId
                WHERE session.tokenHash = \(tokenHash) AND session.expiresAt > \(now.milliseconds)
                """).fetchOne(db), let user = Self.user(row)
            else { return nil }
            return (user, row["csrfToken"])
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { db in try db.execute(literal: "DELETE FROM session WHERE tokenHash = \(tokenHash)") }
    }

    public func createAPIToken(hash: String, userID: UserID, name: String, at now: Date) async throws {
        try await write { db in
            try db.execute(literal: """
                INSERT INTO apiToken (hash, userId, name, createdAt) VALUES (\(hash), \(userID.rawValue), \(name), \(now.milliseconds))
                """)
        }
    }

    public func user(apiTokenHash: String) async throws -> User? {
        try await read { db in
            try SQLRequest<Row>(literal: """
                SELECT user.* FROM apiToken JOIN user ON user.id = apiToken.userId WHERE apiToken.hash = \(apiTokenHash)
                """).fetchOne(db).flatMap(Self.user)
        }
    }

    public func recordFailedSignIn(keys: [String], at now: Date) async throws {
        try await write { db in
            for key in keys {
                try db.execute(literal: "INSERT INTO failedSignIn (key, at) VALUES (\(key), \(now.milliseconds))")
            }
            // Failures older than a day matter to nobody.
            try db.execute(literal: "DELETE FROM failedSignIn WHERE at < \(now.milliseconds - 86_400_000)")
        }
    }

    public func failedSignIns(key: String, since: Date) async throws -> (count: Int, oldest: Date?) {
        try await read { db in
            let row = try SQLRequest<Row>(literal: """
                SELECT count(*) AS count, min(at) AS oldest FROM failedSignIn WHERE key = \(key) AND at >= \(since.milliseconds)
                """).fetchOne(db)
            let oldest: Int64? = row?["oldest"]
            return (row?["count"] ?? 0, oldest.map(Date.init(milliseconds:)))
        }
    }

    public func clearFailedSignIns(key: String) async throws {
        try await write { db in try db.execute(literal: "DELETE FROM failedSignIn WHERE key = \(key)") }
    }

    public func users() async throws -> [User] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY name, id").compactMap(Self.user) }
    }

    public func setRole(_ id: UserID, to role: Role) async throws {
        try await write { db in
            try db.execute(literal: "UPDATE user SET role = \(role.rawValue) WHERE id = \(id.rawValue)")
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    public func apiTokens() async throws -> [APITokenInfo] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT apiToken.hash, apiToken.name, apiToken.createdAt, user.email FROM apiToken
                JOIN user ON user.id = apiToken.userId ORDER BY apiToken.createdAt DESC
                """).map {
                APITokenInfo(hash: $0["hash"], name: $0["name"], userEmail: $0["email"], createdAt: Date(milliseconds: $0["createdAt"]))
            }
        }
    }

    public func revokeAPIToken(hash: String) async throws {
        try await write { db in
            try db.execute(literal: "DELETE FROM apiToken WHERE hash = \(hash)")
            guard db.changesCount > 0 else { throw BylineError.notFound }
        }
    }

    static func user(_ row: Row) -> User? {
        guard let role = Role(rawValue: row["role"]) else { return nil }
        return User(id: UserID(rawValue: row["id"]), email: row["email"], name: row["name"], role: role)
    }
}
