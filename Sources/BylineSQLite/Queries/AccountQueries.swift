import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func addUser(_ user: NewUser, at now: Date) async throws -> User {
        try await write { db in
            if try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE email = ? COLLATE NOCASE", arguments: [user.email]) != nil {
                throw StorageRefusal.emailTaken(user.email)
            }
            try db.execute(literal: """
                INSERT INTO user (email, name, role, passwordHash, createdAt)
                VALUES (\(user.email), \(user.name), \(user.role.rawValue), \(user.passwordHash), \(now.milliseconds))
                """)
            let id = UserID(rawValue: db.lastInsertedRowID)
            let reporterID = user.role.writes ? try Self.linkByline(id, db: db) : nil
            return User(id: id, email: user.email, name: user.name, role: user.role, reporterID: reporterID)
        }
    }

    public func linkByline(_ id: UserID) async throws -> ReporterID {
        try await write { db in try Self.linkByline(id, db: db) }
    }

    /// Links an account to the reporter with its e-mail, named as the account, or to a new one.
    static func linkByline(_ id: UserID, db: Database) throws -> ReporterID {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id.rawValue]) else {
            throw BylineError.notFound
        }
        if let linked: Int64 = row["reporterId"] { return ReporterID(rawValue: linked) }
        let (email, name): (String, String) = (row["email"], row["name"])
        let reporterID: Int64
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM reporter WHERE email = ? COLLATE NOCASE", arguments: [email]) {
            try db.execute(literal: "UPDATE reporter SET name = \(name) WHERE id = \(existing)")
            reporterID = existing
        } else {
            var record = ReporterRecord(id: nil, name: name, email: email, beat: "")
            try record.insert(db)
            reporterID = record.id ?? 0
        }
        try db.execute(literal: "UPDATE user SET reporterId = \(reporterID) WHERE id = \(id.rawValue)")
        return ReporterID(rawValue: reporterID)
    }

    public func rename(_ id: UserID, to name: String) async throws -> ReporterID? {
        try await write { db in
            try db.execute(literal: "UPDATE user SET name = \(name) WHERE id = \(id.rawValue)")
            guard db.changesCount > 0 else { throw BylineError.notFound }
            let reporterID = try Int64.fetchOne(db, sql: "SELECT reporterId FROM user WHERE id = ?", arguments: [id.rawValue])
            if let reporterID { try db.execute(literal: "UPDATE reporter SET name = \(name) WHERE id = \(reporterID)") }
            return reporterID.map(ReporterID.init(rawValue:))
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
            if role.writes { _ = try Self.linkByline(id, db: db) }
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
        let reporterID: Int64? = row["reporterId"]
        return User(
            id: UserID(rawValue: row["id"]), email: row["email"], name: row["name"], role: role,
            reporterID: reporterID.map(ReporterID.init(rawValue:)))
    }
}
