import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Users, sessions, API tokens and failed sign-ins. Everything lives in the database,
/// so a session opened on one node is honoured by every other.
extension PostgresNewsStore {
    /// The columns `user(_:)` reads, in its order.
    static let userColumns = "app_user.id, app_user.email, app_user.name, app_user.role, app_user.reporterId"

    public func addUser(_ user: NewUser, at now: Date) async throws -> User {
        try await write { [logger] connection in
            // ON CONFLICT rather than a check first: two nodes adding the same e-mail at once
            // get the same answer as one node adding it twice.
            let rows = try await connection.rows("""
                INSERT INTO app_user (email, name, role, passwordHash, createdAt)
                VALUES (\(user.email), \(user.name), \(user.role.rawValue), \(user.passwordHash), \(now.milliseconds))
                ON CONFLICT DO NOTHING RETURNING id
                """, logger: logger)
            guard let row = rows.first else { throw StorageRefusal.emailTaken(user.email) }
            let id = UserID(rawValue: try row.decode(Int64.self))
            let reporterID = user.role.writes ? try await Self.linkByline(id, connection: connection, logger: logger) : nil
            return User(id: id, email: user.email, name: user.name, role: user.role, reporterID: reporterID)
        }
    }

    public func linkByline(_ id: UserID) async throws -> ReporterID {
        try await write { [logger] connection in try await Self.linkByline(id, connection: connection, logger: logger) }
    }

    /// Links an account to the reporter with its e-mail, named as the account, or to a new one.
    static func linkByline(_ id: UserID, connection: PostgresConnection, logger: Logger) async throws -> ReporterID {
        // FOR UPDATE: two first articles of one admin at once link one reporter.
        let rows = try await connection.rows(
            "SELECT email, name, reporterId FROM app_user WHERE id = \(id.rawValue) FOR UPDATE", logger: logger)
        guard let (email, name, linked) = try rows.first?.decode((String, String, Int64?).self) else { throw BylineError.notFound }
        if let linked { return ReporterID(rawValue: linked) }
        // Another node may add the same address meanwhile: the unique index turns that into an update.
        let reporter = try await connection.rows("""
            INSERT INTO reporter (name, email) VALUES (\(name), \(email))
            ON CONFLICT ((lower(email))) DO UPDATE SET name = excluded.name RETURNING id
            """, logger: logger)
        guard let reporterID = try reporter.first?.decode(Int64.self) else { throw BylineError.notFound }
        try await connection.run("UPDATE app_user SET reporterId = \(reporterID) WHERE id = \(id.rawValue)", logger: logger)
        return ReporterID(rawValue: reporterID)
    }

    public func rename(_ id: UserID, to name: String) async throws -> ReporterID? {
        try await write { [logger] connection in
            let rows = try await connection.rows(
                "UPDATE app_user SET name = \(name) WHERE id = \(id.rawValue) RETURNING reporterId", logger: logger)
            guard let row = rows.first else { throw BylineError.notFound }
            let reporterID = try row.decode(Int64?.self)
            if let reporterID {
                try await connection.run("UPDATE reporter SET name = \(name) WHERE id = \(reporterID)", logger: logger)
            }
            return reporterID.map(ReporterID.init(rawValue:))
        }
    }

    public func credentials(email: String) async throws -> (user: User, passwordHash: String)? {
        try await read { [logger] connection in
            let rows = try await connection.rows("""
                SELECT \(unescaped: Self.userColumns), app_user.passwordHash FROM app_user
                WHERE lower(app_user.email) = lower(\(email))
                """, logger: logger)
            return try rows.first.flatMap(Self.userAndText)
        }
    }

    public func createSession(tokenHash: String, userID: UserID, csrfToken: String, expiresAt: Date, at now: Date) async throws {
        try await write { [logger] connection in
            // Expired sessions are swept whenever someone signs in.
            try await connection.run("DELETE FROM session WHERE expiresAt <= \(now.milliseconds)", logger: logger)
            try await connection.run("""
                INSERT INTO session (tokenHash, userId, csrfToken, createdAt, expiresAt)
                VALUES (\(tokenHash), \(userID.rawValue), \(csrfToken), \(now.milliseconds), \(expiresAt.milliseconds))
                """, logger: logger)
        }
    }

    public func session(tokenHash: String, asOf now: Date) async throws -> (user: User, csrfToken: String)? {
        try await read { [logger] connection in
            let rows = try await connection.rows("""
                SELECT \(unescaped: Self.userColumns), session.csrfToken FROM session JOIN app_user ON app_user.id = session.userId
                WHERE session.tokenHash = \(tokenHash) AND session.expiresAt > \(now.milliseconds)
                """, logger: logger)
            return try rows.first.flatMap(Self.userAndText)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { [logger] connection in
            try await connection.run("DELETE FROM session WHERE tokenHash = \(tokenHash)", logger: logger)
        }
    }

    public func createAPIToken(hash: String, userID: UserID, name: String, at now: Date) async throws {
        try await write { [logger] connection in
            try await connection.run("""
                INSERT INTO apiToken (hash, userId, name, createdAt) VALUES (\(hash), \(userID.rawValue), \(name), \(now.milliseconds))
                """, logger: logger)
        }
    }

    public func user(apiTokenHash: String) async throws -> User? {
        try await read { [logger] connection in
            let rows = try await connection.rows("""
                SELECT \(unescaped: Self.userColumns) FROM apiToken JOIN app_user ON app_user.id = apiToken.userId
                WHERE apiToken.hash = \(apiTokenHash)
                """, logger: logger)
            return try rows.first.flatMap(Self.user)
        }
    }

    public func recordFailedSignIn(keys: [String], at now: Date) async throws {
        try await write { [logger] connection in
            if !keys.isEmpty {
                try await connection.run("""
                    INSERT INTO failedSignIn (key, at) SELECT unnest(\(keys)::text[]), \(now.milliseconds)
                    """, logger: logger)
            }
            // Failures older than a day matter to nobody.
            try await connection.run("DELETE FROM failedSignIn WHERE at < \(now.milliseconds - 86_400_000)", logger: logger)
        }
    }

    public func failedSignIns(key: String, since: Date) async throws -> (count: Int, oldest: Date?) {
        let (count, oldest) = try await read { [logger] connection -> (Int64, Int64?) in
            let rows = try await connection.rows("""
                SELECT count(*), min(at) FROM failedSignIn WHERE key = \(key) AND at >= \(since.milliseconds)
                """, logger: logger)
            return try rows.first?.decode((Int64, Int64?).self) ?? (0, nil)
        }
        return (Int(count), oldest.map(Date.init(milliseconds:)))
    }

    public func clearFailedSignIns(key: String) async throws {
        try await write { [logger] connection in
            try await connection.run("DELETE FROM failedSignIn WHERE key = \(key)", logger: logger)
        }
    }

    public func users() async throws -> [User] {
        try await read { [logger] connection in
            // COLLATE "C": code-point order, as SQLite's BINARY, whatever the database's locale.
            try await connection.rows("""
                SELECT \(unescaped: Self.userColumns) FROM app_user ORDER BY app_user.name COLLATE "C", app_user.id
                """, logger: logger).compactMap(Self.user)
        }
    }

    public func setRole(_ id: UserID, to role: Role) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows(
                "UPDATE app_user SET role = \(role.rawValue) WHERE id = \(id.rawValue) RETURNING id", logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
            if role.writes { _ = try await Self.linkByline(id, connection: connection, logger: logger) }
        }
    }

    public func apiTokens() async throws -> [APITokenInfo] {
        try await read { [logger] connection in
            try await connection.rows("""
                SELECT apiToken.hash, apiToken.name, apiToken.createdAt, app_user.email FROM apiToken
                JOIN app_user ON app_user.id = apiToken.userId ORDER BY apiToken.createdAt DESC
                """, logger: logger).map { row in
                let (hash, name, createdAt, email) = try row.decode((String, String, Int64, String).self)
                return APITokenInfo(hash: hash, name: name, userEmail: email, createdAt: Date(milliseconds: createdAt))
            }
        }
    }

    public func revokeAPIToken(hash: String) async throws {
        try await write { [logger] connection in
            let rows = try await connection.rows("DELETE FROM apiToken WHERE hash = \(hash) RETURNING hash", logger: logger)
            guard !rows.isEmpty else { throw BylineError.notFound }
        }
    }

    /// A user read from `userColumns`; nil when the stored role is unknown.
    static func user(_ row: PostgresRow) throws -> User? {
        let cells = row.makeRandomAccess()
        guard let role = Role(rawValue: try cells[3].decode(String.self)) else { return nil }
        return User(
            id: UserID(rawValue: try cells[0].decode(Int64.self)), email: try cells[1].decode(String.self),
            name: try cells[2].decode(String.self), role: role,
            reporterID: try cells[4].decode(Int64?.self).map(ReporterID.init(rawValue:)))
    }

    /// A user read from `userColumns` followed by one text column (password hash or CSRF token).
    private static func userAndText(_ row: PostgresRow) throws -> (User, String)? {
        guard let user = try user(row) else { return nil }
        return (user, try row.makeRandomAccess()[5].decode(String.self))
    }
}
