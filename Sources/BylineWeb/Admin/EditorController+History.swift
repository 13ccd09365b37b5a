import BylineAccounts
import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// The revision history: any two revisions compared line by line, and restoring one.
extension EditorController {
    /// Every saved revision, and the difference between any two (`?from=&to=`, the last two by default).
    @Sendable func history(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        let id = try context.articleID()
        let draft = try await newsroom.draft(id)
        let revisions = try await backend.revisions(id)
        guard let last = revisions.last else { throw BylineError.notFound }
        let to = context.query["to"].flatMap(Int.init).flatMap { number in revisions.first { $0.number == number } } ?? last
        let from = context.query["from"].flatMap(Int.init).flatMap { number in revisions.first { $0.number == number } }
            ?? revisions.last { $0.number < to.number } ?? to
        let lines = LineDiff.compare(from.document.comparableText, to.document.comparableText).map { change -> DiffLine in
            switch change {
            case .same(let text): DiffLine(kind: "same", mark: " ", text: text)
            case .removed(let text): DiffLine(kind: "removed", mark: "−", text: text)
            case .added(let text): DiffLine(kind: "added", mark: "+", text: text)
            }
        }
        let view = HistoryPage(
            layout: site.adminLayout(title: "수정 기록: \(draft.document.headline)", path: "/admin/articles/\(id)/history"),
            user: UserBar(signed), editURL: "/admin/articles/\(id)", headline: draft.document.headline, version: draft.version,
            canRestore: NewsroomPolicy.may(signed.user, .save, article: draft),
            revisions: revisions.reversed().map { revision in
                RevisionRow(
                    number: revision.number, at: KoreanTime.listStamp(revision.at), user: revision.userName,
                    headline: revision.document.headline, isFrom: revision.number == from.number, isTo: revision.number == to.number)
            },
            from: from.number, to: to.number, lines: lines, changed: lines.contains { $0.kind != "same" },
            steps: try await backend.auditLog(id).reversed().map {
                AuditView(at: KoreanTime.listStamp($0.at), user: $0.userName, action: $0.action.koreanName, detail: $0.detail)
            })
        return try AdminController.html(site.templates.render(view, template: "admin-history"), status: .ok)
    }

    /// Saves an old revision's content as the newest one (the history keeps both).
    @Sendable func restore(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let id = try context.articleID()
        guard let number = form["revision"].flatMap(Int.init), let version = form["version"].flatMap(Int.init),
              let revision = try await backend.revisions(id).first(where: { $0.number == number })
        else { throw BylineError.invalidInput("되돌릴 수정본을 고르세요.") }
        let draft = try await newsroom.draft(id)
        try await newsroom.save(id, revision.document, embargoUntil: draft.embargoUntil, version: version, by: signed.user)
        return AdminController.redirect(to: "/admin/articles/\(id)?saved=1")
    }
}
