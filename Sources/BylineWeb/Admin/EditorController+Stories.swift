import BylineCore
import BylineNewsroom
import Hummingbird

/// The editor's forms for a story beyond one article: follow-ups and the chain of versions,
/// and live coverage (start, entries, corrections and pins, end).
extension EditorController {
    /// 후속 기사 쓰기: the next version's draft, opened in the editor.
    @Sendable func followUp(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, _) = try context.signedForm()
        let id = try await newsroom.followUp(try context.articleID(), by: signed.user)
        return AdminController.redirect(to: "/admin/articles/\(id)?done=followUp")
    }

    /// A change to a story's versions (위로, 아래로, 연결 해제, 종합), back to the editor it came from.
    @Sendable func editChain(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let id = try context.articleID()
        let edit: ChainEdit
        switch form["edit"] {
        case "move":
            guard let position = form["position"].flatMap(Int.init) else {
                throw BylineError.invalidInput("옮길 순서를 고르세요.")
            }
            edit = .move(to: position)
        case "detach": edit = .detach
        case "roundup": edit = .roundup(true)
        case "unroundup": edit = .roundup(false)
        default: throw BylineError.invalidInput("연결 편집 방법(edit)이 올바르지 않습니다.")
        }
        try await newsroom.editChain(id, edit, by: signed.user)
        let back = form["return_to"].flatMap(ArticleID.init) ?? id
        return AdminController.redirect(to: "/admin/articles/\(back)?done=editChain")
    }

    // MARK: Live coverage

    @Sendable func startLive(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, _) = try context.signedForm()
        let id = try context.articleID()
        try await newsroom.startLive(id, by: signed.user)
        return AdminController.redirect(to: "/admin/articles/\(id)?done=goLive")
    }

    @Sendable func postLiveEntry(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let id = try context.articleID()
        let kind = LiveEntryKind(rawValue: form["kind"] ?? "text") ?? .text
        let entry = NewLiveEntry(
            kind: kind, body: form["body"] ?? "", source: form["source"], photoURL: form["photo_url"], isPinned: form["pinned"] != nil)
        do {
            try await newsroom.addLiveEntry(id, entry, by: signed.user)
        } catch BylineError.invalidFields(let problems) {
            let draft = try await newsroom.draft(id)
            let typed = TypedLiveEntry(
                kind: kind, body: form["body"] ?? "", source: form["source"] ?? "", photoURL: form["photo_url"] ?? "",
                isPinned: form["pinned"] != nil)
            return try await editor(
                form: ArticleForm(draft.document, embargoUntil: draft.embargoUntil), draft: draft, signed: signed, status: .badRequest,
                messages: EditorMessages(problems: problems, typedLive: typed))
        }
        return AdminController.redirect(to: "/admin/articles/\(id)?done=liveEntry")
    }

    @Sendable func editLiveEntry(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let id = try context.articleID()
        guard let entry = context.parameters.get("entry").flatMap(Int64.init), entry > 0 else { throw BylineError.notFound }
        let edit: LiveEntryEdit
        switch form["edit"] {
        case "pin": edit = .pin(true)
        case "unpin": edit = .pin(false)
        case "correct": edit = .correct(form["body"] ?? "")
        default: throw BylineError.invalidInput("edit는 pin, unpin, correct 중 하나여야 합니다.")
        }
        try await newsroom.editLiveEntry(id, entry: entry, edit, by: signed.user)
        return AdminController.redirect(to: "/admin/articles/\(id)?done=liveEntry")
    }

    @Sendable func endLive(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, _) = try context.signedForm()
        let id = try context.articleID()
        try await newsroom.endLive(id, by: signed.user)
        return AdminController.redirect(to: "/admin/articles/\(id)?done=endLive")
    }
}
