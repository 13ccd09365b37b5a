import BylineAccounts
import BylineCore
import Foundation

/// People: accounts are bylines. Every account that writes is a reporter with the
/// account's name and e-mail, so a new account can write its first article at once, and
/// renaming an account renames its byline on every page.
extension Newsroom {
    public func addUser(email: String, name: String, role: Role, password: String, by admin: User) async throws {
        try requireAdmin(admin)
        _ = try await addAccount(email: email, name: name, role: role, password: password)
    }

    /// Adds an account for the operator at the command line (`byline user add`), who holds
    /// the database itself and so needs no account to act.
    public func addAccount(email: String, name: String, role: Role, password: String) async throws -> User {
        var problems: [FieldProblem] = []
        let email = email.trimmingCharacters(in: .whitespaces)
        let name = name.trimmingCharacters(in: .whitespaces)
        if !Self.isEmail(email) { problems.append(FieldProblem(field: "email", message: "이메일 주소를 확인해 주세요.")) }
        if let problem = Self.problem(withName: name) { problems.append(problem) }
        if let problem = PasswordPolicy.problem(with: password) { problems.append(FieldProblem(field: "password", message: problem)) }
        guard problems.isEmpty else { throw BylineError.invalidFields(problems) }
        // A byline already on pages (an imported archive's) takes the account's name.
        let renamedByline = role.writes ? try await store.reporters(emails: [email]).first.map { $0.name != name } ?? false : false
        let user: User
        do {
            user = try await workflow.addUser(
                NewUser(email: email, name: name, role: role, passwordHash: Credentials.hashPassword(password)), at: clock.now)
        } catch let refusal as StorageRefusal {
            throw BylineError.invalidFields([FieldProblem(field: "email", message: refusal.explanation)])
        }
        // An imported reporter with this e-mail now carries the account's name on every page;
        // a new byline is on no page yet, so nothing cached changes.
        if renamedByline { await changes.announceEverything() }
        return user
    }

    /// Every account, for the admin's users page.
    public func users(by admin: User) async throws -> [User] {
        try requireAdmin(admin)
        return try await workflow.users()
    }

    /// The API tokens in use (their hashes and labels; the tokens themselves are never kept).
    public func apiTokens(by admin: User) async throws -> [APITokenInfo] {
        try requireAdmin(admin)
        return try await workflow.apiTokens()
    }

    /// Creates an API token acting as the account with `email`; it is returned once and only its hash is kept.
    public func createToken(for email: String, label: String, by admin: User) async throws -> String {
        try requireAdmin(admin)
        return try await createToken(for: email, label: label).token
    }

    /// Creates an API token for the operator at the command line (`byline token create`).
    public func createToken(for email: String, label: String) async throws -> (token: String, user: User) {
        guard let owner = try await workflow.credentials(email: email)?.user else {
            throw BylineError.invalidFields([FieldProblem(field: "token", message: "토큰을 받을 사용자를 고르세요.")])
        }
        let label = label.trimmingCharacters(in: .whitespaces)
        let token = Credentials.newToken()
        try await workflow.createAPIToken(
            hash: Credentials.tokenHash(token), userID: owner.id, name: label.isEmpty ? "api" : String(label.prefix(60)), at: clock.now)
        return (token, owner)
    }

    public func revokeToken(hash: String, by admin: User) async throws {
        try requireAdmin(admin)
        try await workflow.revokeAPIToken(hash: hash)
    }

    /// Renames an account and, with it, its byline wherever it is shown.
    public func rename(_ id: UserID, to name: String, by admin: User) async throws {
        try requireAdmin(admin)
        let name = name.trimmingCharacters(in: .whitespaces)
        if let problem = Self.problem(withName: name) { throw BylineError.invalidFields([problem]) }
        if try await workflow.rename(id, to: name) != nil { await changes.announceEverything() }
    }

    public func setRole(_ id: UserID, to role: Role, by admin: User) async throws {
        try requireAdmin(admin)
        guard id != admin.id else { throw BylineError.forbidden("자기 역할은 바꿀 수 없습니다. 다른 관리자에게 요청하세요.") }
        try await workflow.setRole(id, to: role)
    }

    /// Makes sure every person an article names exists as a reporter before it is saved.
    ///
    /// The writer's own byline is linked the first time they name themselves (an admin who
    /// writes). Editors and admins add a new byline by naming a person with an e-mail the
    /// site has not seen (DESIGN §3); a reporter may name only existing bylines.
    func prepareBylines(of document: ArticleDocument, by user: User) async throws {
        let people = document.authors + document.photos.compactMap(\.photographer)
        let own = user.email.lowercased()
        if user.reporterID == nil, people.contains(where: { $0.email.lowercased() == own }) {
            _ = try await workflow.linkByline(user.id)
        }
        let known = Set(try await store.reporters(emails: people.map(\.email)).map { $0.email.lowercased() })
        var problems: [FieldProblem] = []
        var newcomers: [NewReporter] = []
        var seen: Set<String> = known.union([own])
        for person in people where seen.insert(person.email.lowercased()).inserted {
            let name = person.name.trimmingCharacters(in: .whitespaces)
            if !user.role.canPublish {
                problems.append(FieldProblem(
                    field: "authors", message: "'\(person.email)'은(는) 등록된 기자가 아닙니다. 기자 권한으로는 등록된 기자만 적을 수 있습니다."))
            } else if !Self.isEmail(person.email) {
                problems.append(FieldProblem(field: "authors", message: "'\(person.email)'은(는) 올바른 이메일 주소가 아닙니다."))
            } else if Self.problem(withName: name) != nil {
                problems.append(FieldProblem(
                    field: "authors", message: "'\(person.email)'은(는) 처음 보는 기자입니다. '이름 <이메일>'처럼 이름을 함께 적어 주세요."))
            } else {
                newcomers.append(NewReporter(name: name, email: person.email))
            }
        }
        if !problems.isEmpty { throw BylineError.invalidFields(problems) }
        for newcomer in newcomers { _ = try await store.addReporter(newcomer) }
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && text.count <= 254
            && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }

    static func problem(withName name: String) -> FieldProblem? {
        (1...100).contains(name.count) ? nil : FieldProblem(field: "name", message: "이름을 1~100자로 써 주세요.")
    }
}
