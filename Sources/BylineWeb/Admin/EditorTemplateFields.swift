import BylineCore
import Mustache

// The article editor's template fields: the form's, and the editor page's, which keep the
// template's flat names over the page's parts (EditorMessages, EditorArticle, EditorActions, PinState).

extension ArticleForm: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "headline": headline
        case "subheadlines": subheadlines
        case "body": body
        case "section": section
        case "authors": authors
        case "tags": tags
        case "dateline": dateline
        case "breaking": breaking
        case "grade": grade
        case "kind": kind
        case "photos": photos
        case "embargoUntil": embargoUntil
        case "gradeOptions": gradeOptions
        case "kindOptions": kindOptions
        default: nil
        }
    }
}

/// The editor template's names, as they were when the page was one flat struct.
extension EditorPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "user": user
        case "form": form
        case "sections": sections
        case "editorScriptURL": editorScriptURL
        case "scheduleValue": scheduleValue
        // The form's messages.
        case "errors": messages.errors
        case "hasErrors": !messages.problems.isEmpty
        case "notice": messages.notice
        case "conflict": messages.conflict
        case "autosaveOffer": messages.autosaveOffer
        case "typedCorrection": messages.typedCorrection
        case "photo": messages.typedPhoto
        // The stored article.
        case "isNew": article == nil
        case "action": article.map { "/admin/articles/\($0.id)" } ?? "/admin/articles"
        case "id": article.map { String($0.id.rawValue) }
        case "version": article?.version ?? 0
        case "status": article?.status
        case "statusName": article?.statusName
        case "trashedAt": article?.trashedAt
        case "returnNote": article?.returnNote
        case "publicURL": article?.publicURL
        case "corrections": article?.corrections ?? []
        case "audit": article?.audit ?? []
        case "photos": article?.photos ?? []
        // What the person may do.
        case "canEdit": actions.canEdit
        case "canDelete": actions.canDelete
        case "canUndelete": actions.canUndelete
        case "canSubmit": actions.canSubmit
        case "canReturn": actions.canReturn
        case "canPublish": actions.canPublish
        case "canSchedule": actions.canSchedule
        case "canCorrect": actions.canCorrect
        case "canUnpublish": actions.canUnpublish
        case "canPin": actions.canPin
        case "isPinned": pin.isPinned
        case "pinPosition": pin.position
        case "pinUntil": pin.until
        default: nil
        }
    }
}
