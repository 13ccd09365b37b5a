import BylineCore

// The article editor's template fields: the form's, and the editor page's, which keep the
// template's flat names over the page's parts (EditorMessages, EditorArticle, EditorActions, PinState).

extension ArticleForm: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .headline: .of(headline)
        case .subheadlines: .of(subheadlines)
        case .body: .of(body)
        case .section: .of(section)
        case .authors: .of(authors)
        case .tags: .of(tags)
        case .dateline: .of(dateline)
        case .breaking: .of(breaking)
        case .grade: .of(grade)
        case .kind: .of(kind)
        case .photos: .of(photos)
        case .embargoUntil: .of(embargoUntil)
        case .gradeOptions: .of(gradeOptions)
        case .kindOptions: .of(kindOptions)
        default: nil
        }
    }
}

/// The editor template's names, as they were when the page was one flat struct.
extension EditorPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .form: .of(form)
        case .sections: .of(sections)
        case .editorScriptURL: .of(editorScriptURL)
        case .scheduleValue: .of(scheduleValue)
        case .photoLimit: .of(photoLimit)
        case .missing: .of(missingAlt > 0 ? missingAlt : nil)
        // The form's messages.
        case .errors: .of(messages.errors)
        case .hasErrors: .of(!messages.problems.isEmpty)
        case .notice: .of(messages.notice)
        case .conflict: .of(messages.conflict)
        case .autosaveOffer: .of(messages.autosaveOffer)
        case .typedCorrection: .of(messages.typedCorrection)
        case .typedKillReason: .of(messages.typedKillReason)
        case .typedLive: .of(messages.typedLive)
        case .photo: .of(messages.typedPhoto)
        // The stored article.
        case .isNew: .of(article == nil)
        case .action: .of(article.map { "/admin/articles/\($0.id)" } ?? "/admin/articles")
        case .id: .of(article.map { String($0.id.rawValue) })
        case .version: .of(article?.version ?? 0)
        case .status: .of(article?.status)
        case .statusName: .of(article?.statusName)
        case .trashedAt: .of(article?.trashedAt)
        case .returnNote: .of(article?.returnNote)
        case .publicURL: .of(article?.publicURL)
        case .corrections: .of(article?.corrections ?? [])
        case .audit: .of(article?.audit ?? [])
        case .photos: .of(article?.photos ?? [])
        case .chain: .of(article?.chain ?? [])
        case .live: .of(article?.live)
        // What the person may do.
        case .canEdit: .of(actions.canEdit)
        case .canDelete: .of(actions.canDelete)
        case .canUndelete: .of(actions.canUndelete)
        case .canSubmit: .of(actions.canSubmit)
        case .canReturn: .of(actions.canReturn)
        case .canPublish: .of(actions.canPublish)
        case .canSchedule: .of(actions.canSchedule)
        case .canCorrect: .of(actions.canCorrect)
        case .canUnpublish: .of(actions.canUnpublish)
        case .canKill: .of(actions.canKill)
        case .canFollowUp: .of(actions.canFollowUp)
        case .canGoLive: .of(actions.canGoLive)
        case .canPostLive: .of(actions.canPostLive)
        case .canEndLive: .of(actions.canEndLive)
        case .canPin: .of(actions.canPin)
        case .isPinned: .of(pin.isPinned)
        case .pinPosition: .of(pin.position)
        case .pinUntil: .of(pin.until)
        default: nil
        }
    }
}

extension ChainRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .id: .of(String(id))
        case .place: .of(place)
        case .headline: .of(headline)
        case .statusName: .of(statusName)
        case .isCurrent: .of(isCurrent)
        case .isRoundup: .of(isRoundup)
        case .editURL: .of("/admin/articles/\(id)")
        case .upPosition: .of(upPosition.map(String.init))
        case .downPosition: .of(downPosition.map(String.init))
        case .canEditChain: .of(canEditChain)
        case .action: .of("/admin/articles/\(id)/chain")
        case .to: .of(String(returnTo))
        default: nil
        }
    }
}

extension DeskLive: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .isLive: .of(isLive)
        case .entries: .of(entries)
        default: nil
        }
    }
}

extension DeskLive.Entry: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .id: .of(String(id))
        case .html: .of(html)
        case .body: .of(body)
        case .isPinned: .of(isPinned)
        default: nil
        }
    }
}

extension TypedLiveEntry: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .liveKinds: .of(kinds)
        case .body: .of(body)
        case .source: .of(source)
        case .photoURL: .of(photoURL)
        case .isPinned: .of(isPinned)
        default: nil
        }
    }
}
