import BylineAccounts
import BylineCore
import Foundation

/// Running the desk: sections and tags (which every page may show) and, for admins,
/// people and API tokens.
extension Newsroom {
    public func requireAdmin(_ user: User) throws {
        guard user.role.canManageNewsroom else { throw BylineError.forbidden("관리자만 할 수 있습니다.") }
    }

    public func requireEditor(_ user: User) throws {
        guard user.role.canPublish else { throw BylineError.forbidden("편집자 이상만 할 수 있습니다.") }
    }

    public func createSection(_ section: NewSection, by user: User) async throws {
        try requireAdmin(user)
        try Self.check(sectionName: section.name)
        do {
            _ = try await store.createSection(section)
        } catch let refusal as StorageRefusal {
            throw BylineError.invalidFields([FieldProblem(field: "parent", message: refusal.explanation)])
        } catch let error as StorageError {
            throw error.isTransient ? error : BylineError.invalidFields([FieldProblem(field: "slug", message: "같은 주소의 섹션이 이미 있습니다.")])
        }
        await changes.announceEverything()
    }

    public func updateSection(_ id: SectionID, name: String, parent: SectionID?, position: Int, by user: User) async throws {
        try requireAdmin(user)
        try Self.check(sectionName: name)
        try await workflow.updateSection(id, name: name.trimmingCharacters(in: .whitespaces), parent: parent, position: position)
        await changes.announceEverything()
    }

    public func renameTag(_ old: Tag, to new: Tag, by user: User) async throws {
        try requireEditor(user)
        let articles = try await workflow.renameTag(old, to: new)
        await tagsChanged([old, new], articles: articles)
    }

    public func deleteTag(_ tag: Tag, by user: User) async throws {
        try requireEditor(user)
        let articles = try await workflow.deleteTag(tag)
        await tagsChanged([tag], articles: articles)
    }

    static func check(sectionName: String) throws {
        guard (1...40).contains(sectionName.trimmingCharacters(in: .whitespaces).count) else {
            throw BylineError.invalidFields([FieldProblem(field: "name", message: "섹션 이름을 1~40자로 써 주세요.")])
        }
    }

    /// A tag's pages and the pages of the articles that carried it.
    private func tagsChanged(_ tags: [Tag], articles: [ArticleID]) async {
        var keys = Set(tags.map(SurrogateKeys.tag))
        keys.formUnion(articles.map(SurrogateKeys.article))
        keys.formUnion([SurrogateKeys.search, SurrogateKeys.apiArticles])
        await changes.announce(keys)
    }
}
