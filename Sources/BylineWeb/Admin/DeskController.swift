import BylineAccounts
import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// The desk's settings: sections and tags, and (for admins) users and API tokens.
struct DeskController: Sendable {
    let site: SiteContext
    let signIn: SignIn
    let newsroom: Newsroom
    let backend: any NewsroomBackend

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.add(middleware: NewsroomSessions(signIn: signIn))
        routes.get("/admin/sections", use: sections)
        routes.post("/admin/sections", use: createSection)
        routes.post("/admin/sections/:id", use: updateSection)
        routes.get("/admin/tags", use: tags)
        routes.post("/admin/tags/rename", use: renameTag)
        routes.post("/admin/tags/delete", use: deleteTag)
        routes.get("/admin/users", use: users)
        routes.post("/admin/users", use: addUser)
        routes.post("/admin/users/:id/role", use: setRole)
        routes.post("/admin/users/:id/name", use: rename)
        routes.post("/admin/tokens", use: createToken)
        routes.post("/admin/tokens/revoke", use: revokeToken)
        return routes
    }

    // MARK: Sections

    @Sendable func sections(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        return try await sectionsPage(signed, problems: [], status: .ok, notice: context.query["done"] != nil ? "저장했습니다." : nil)
    }

    func sectionsPage(_ signed: SignIn.Signed, problems: [FieldProblem], status: HTTPResponse.Status, notice: String? = nil) async throws -> Response {
        try newsroom.requireAdmin(signed.user)
        let tree = await site.sections.current()
        let sections = tree.depthFirst
        let rows = sections.compactMap { section, depth -> SectionRow? in
            guard let path = tree.path(of: section.id) else { return nil }
            // A section may move under any section but itself and those below it.
            let excluded = Set(tree.subtree(of: section.id))
            let parents = sections.filter { !excluded.contains($0.section.id) }.map { candidate, candidateDepth in
                OptionView(
                    value: String(candidate.id.rawValue), label: String(repeating: "— ", count: candidateDepth) + candidate.name,
                    selected: candidate.id == section.parentID)
            }
            return SectionRow(
                id: section.id.rawValue, name: section.name, path: path.description, position: section.position, depth: depth,
                indent: String(repeating: "— ", count: depth),
                parents: [OptionView(value: "", label: "(최상위)", selected: section.parentID == nil)] + parents)
        }
        let view = SectionsPage(
            layout: site.adminLayout(title: "섹션 관리", path: "/admin/sections"), user: UserBar(signed), rows: rows,
            parents: [OptionView(value: "", label: "(최상위)", selected: true)] + EditorController.sectionOptions(tree, selected: ""),
            errors: Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { "\($0) \($1)" }), notice: notice)
        return try AdminController.html(site.templates.render(view, template: "admin-sections"), status: status)
    }

    @Sendable func createSection(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let tree = await site.sections.current()
        let slug = (form["slug"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let parentPath = form["parent"].flatMap { $0.isEmpty ? nil : SectionPath($0) }
        let path = SectionPath((parentPath.map { "\($0)/" } ?? "") + slug)
        do {
            guard let path, !slug.contains("/") else {
                throw BylineError.invalidFields([FieldProblem(field: "slug", message: "주소는 소문자 영문, 숫자, -로 씁니다 (예: seoul).")])
            }
            if let parentPath, tree.section(at: parentPath) == nil {
                throw BylineError.invalidFields([FieldProblem(field: "parent", message: "상위 섹션이 없습니다.")])
            }
            try await newsroom.createSection(
                NewSection(path: path, name: (form["name"] ?? "").trimmingCharacters(in: .whitespaces), position: Int(form["position"] ?? "") ?? 0),
                by: signed.user)
        } catch BylineError.invalidFields(let problems) {
            return try await sectionsPage(signed, problems: problems, status: .badRequest)
        }
        return AdminController.redirect(to: "/admin/sections?done=1")
    }

    @Sendable func updateSection(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        guard let id = context.parameters.get("id").flatMap(Int64.init).map(SectionID.init(rawValue:)) else { throw BylineError.notFound }
        let parent = form["parent"].flatMap(Int64.init).map(SectionID.init(rawValue:))
        do {
            try await newsroom.updateSection(
                id, name: form["name"] ?? "", parent: parent, position: Int(form["position"] ?? "") ?? 0, by: signed.user)
        } catch BylineError.invalidFields(let problems) {
            return try await sectionsPage(signed, problems: problems, status: .badRequest)
        } catch let refusal as StorageRefusal {
            return try await sectionsPage(signed, problems: [FieldProblem(field: "move", message: refusal.explanation)], status: .badRequest)
        }
        return AdminController.redirect(to: "/admin/sections?done=1")
    }

    // MARK: Tags

    @Sendable func tags(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        return try await tagsPage(signed, problems: [], status: .ok, notice: context.query["done"] != nil ? "처리했습니다." : nil)
    }

    func tagsPage(_ signed: SignIn.Signed, problems: [FieldProblem], status: HTTPResponse.Status, notice: String? = nil) async throws -> Response {
        try newsroom.requireEditor(signed.user)
        let view = TagsPage(
            layout: site.adminLayout(title: "태그 관리", path: "/admin/tags"), user: UserBar(signed),
            rows: try await backend.tagCounts().map { TagRow(name: $0.tag.name, articles: $0.articles, url: Links.tag($0.tag)) },
            errors: Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { "\($0) \($1)" }), notice: notice)
        return try AdminController.html(site.templates.render(view, template: "admin-tags"), status: status)
    }

    @Sendable func renameTag(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        guard let old = form["name"].flatMap(Tag.init), let new = form["new_name"].flatMap(Tag.init) else {
            return try await tagsPage(signed, problems: [FieldProblem(field: "new_name", message: "새 태그 이름을 40자 이하로, / 없이 써 주세요.")], status: .badRequest)
        }
        try await newsroom.renameTag(old, to: new, by: signed.user)
        return AdminController.redirect(to: "/admin/tags?done=1")
    }

    @Sendable func deleteTag(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        guard let tag = form["name"].flatMap(Tag.init) else { throw BylineError.notFound }
        try await newsroom.deleteTag(tag, by: signed.user)
        return AdminController.redirect(to: "/admin/tags?done=1")
    }

    // MARK: Users and tokens

    @Sendable func users(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        return try await usersPage(signed, problems: [], status: .ok, notice: context.query["done"] != nil ? "저장했습니다." : nil)
    }

    func usersPage(
        _ signed: SignIn.Signed, problems: [FieldProblem], status: HTTPResponse.Status, notice: String? = nil,
        typed: (email: String, name: String) = ("", ""), newToken: String? = nil
    ) async throws -> Response {
        let users = try await newsroom.users(by: signed.user)
        let view = UsersPage(
            layout: site.adminLayout(title: "사용자 관리", path: "/admin/users"), user: UserBar(signed),
            rows: users.map { user in
                UserRow(id: user.id.rawValue, name: user.name, email: user.email, byline: user.reporterID.map(Links.reporter),
                        roles: Role.allCases.map { OptionView(value: $0.rawValue, label: $0.koreanName, selected: $0 == user.role) })
            },
            roles: Role.allCases.map { OptionView(value: $0.rawValue, label: $0.koreanName, selected: $0 == .reporter) },
            emails: users.map { OptionView(value: $0.email, label: "\($0.name) (\($0.email))", selected: false) },
            tokens: try await newsroom.apiTokens(by: signed.user).map {
                TokenRow(hash: $0.hash, name: $0.name, email: $0.userEmail, created: KoreanTime.listStamp($0.createdAt))
            },
            errors: Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { "\($0) \($1)" }), notice: notice,
            typedEmail: typed.email, typedName: typed.name, newToken: newToken)
        return try AdminController.html(site.templates.render(view, template: "admin-users"), status: status)
    }

    @Sendable func addUser(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let email = form["email"] ?? ""
        let name = form["name"] ?? ""
        do {
            guard let role = form["role"].flatMap(Role.init(rawValue:)) else {
                throw BylineError.invalidFields([FieldProblem(field: "role", message: "역할을 고르세요.")])
            }
            try await newsroom.addUser(email: email, name: name, role: role, password: form["password"] ?? "", by: signed.user)
        } catch BylineError.invalidFields(let problems) {
            return try await usersPage(signed, problems: problems, status: .badRequest, typed: (email, name))
        }
        return AdminController.redirect(to: "/admin/users?done=1")
    }

    @Sendable func setRole(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        guard let role = form["role"].flatMap(Role.init(rawValue:)) else { throw BylineError.invalidInput("역할을 고르세요.") }
        try await newsroom.setRole(try Self.userID(context), to: role, by: signed.user)
        return AdminController.redirect(to: "/admin/users?done=1")
    }

    /// Renames an account and its byline on every page.
    @Sendable func rename(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        do {
            try await newsroom.rename(try Self.userID(context), to: form["name"] ?? "", by: signed.user)
        } catch BylineError.invalidFields(let problems) {
            let renamed = problems.map { FieldProblem(field: "rename", message: $0.message) }
            return try await usersPage(signed, problems: renamed, status: .badRequest)
        }
        return AdminController.redirect(to: "/admin/users?done=1")
    }

    static func userID(_ context: BylineRequestContext) throws -> UserID {
        guard let id = context.parameters.get("id").flatMap({ Int64($0) }), id > 0 else { throw BylineError.notFound }
        return UserID(rawValue: id)
    }

    /// Creates a token and shows it once, on this page; only its hash is kept.
    @Sendable func createToken(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        do {
            let token = try await newsroom.createToken(for: form["email"] ?? "", label: form["name"] ?? "", by: signed.user)
            return try await usersPage(signed, problems: [], status: .ok, newToken: token)
        } catch BylineError.invalidFields(let problems) {
            return try await usersPage(signed, problems: problems, status: .badRequest)
        }
    }

    @Sendable func revokeToken(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        try await newsroom.revokeToken(hash: form["hash"] ?? "", by: signed.user)
        return AdminController.redirect(to: "/admin/users?done=1")
    }
}

struct SectionRow: Sendable {
    let id: Int64
    let name: String
    let path: String
    let position: Int
    let depth: Int
    let indent: String
    let parents: [OptionView]
}

struct SectionsPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let rows: [SectionRow]
    let parents: [OptionView]
    let errors: [String: String]
    let notice: String?
}

struct TagRow: Sendable {
    let name: String
    let articles: Int
    let url: String
}

struct TagsPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let rows: [TagRow]
    let errors: [String: String]
    let notice: String?
}

struct UserRow: Sendable {
    let id: Int64
    let name: String
    let email: String
    /// The reporter page of the account's byline, once it has one.
    let byline: String?
    let roles: [OptionView]
}

struct TokenRow: Sendable {
    let hash: String
    let name: String
    let email: String
    let created: String
}

struct UsersPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let rows: [UserRow]
    let roles: [OptionView]
    let emails: [OptionView]
    let tokens: [TokenRow]
    let errors: [String: String]
    let notice: String?
    let typedEmail: String
    let typedName: String
    let newToken: String?
}
