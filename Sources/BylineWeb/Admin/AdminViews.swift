import BylineCore
import Foundation

// Newsroom pages are few and not hot: their view models are read by reflection
// (reader pages use `MustacheParent`, see TemplateFields.swift).

struct UserBar: Sendable {
    let name: String
    let role: String
    let csrf: String
    let isAdmin: Bool
    let canEditTags: Bool

    init(_ signed: SignIn.Signed) {
        name = signed.user.name
        role = signed.user.role.koreanName
        csrf = signed.csrfToken
        isAdmin = signed.user.role.canManageNewsroom
        canEditTags = signed.user.role.canPublish
    }
}

struct OptionView: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

struct DraftRow: Sendable {
    let url: String
    let headline: String
    let status: String
    let statusName: String
    let section: String
    let authors: String
    let updated: String
    let returnNote: String?
}

struct NewsroomListPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let rows: [DraftRow]
    let statuses: [OptionView]
    let sections: [OptionView]
    let reporter: String
    let query: String
    let next: String?
}

struct ConflictView: Sendable {
    let current: ArticleForm
}

struct CorrectionView: Sendable {
    let text: String
    let at: String
    let editor: String
}

struct AuditView: Sendable {
    let at: String
    let user: String
    let action: String
    let detail: String
}

struct EditorPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let isNew: Bool
    let action: String
    let id: String?
    let version: Int
    let statusName: String?
    let status: String?
    let form: ArticleForm
    let sections: [OptionView]
    /// Read by reflection, which sees stored properties only: the form's options are copied here.
    let gradeOptions: [OptionView]
    let kindOptions: [OptionView]
    let errors: [String: String]
    let hasErrors: Bool
    let notice: String?
    let conflict: ConflictView?
    let canEdit: Bool
    let autosaveOffer: String?
    let editorScriptURL: String
    let trashedAt: String?
    let canDelete: Bool
    let canUndelete: Bool
    let canSubmit: Bool
    let canReturn: Bool
    let returnNote: String?
    let canPublish: Bool
    let canSchedule: Bool
    let canCorrect: Bool
    let canUnpublish: Bool
    let canPin: Bool
    let isPinned: Bool
    let pinPosition: Int
    let pinUntil: String
    let publicURL: String?
    let corrections: [CorrectionView]
    let audit: [AuditView]
    let typedCorrection: String
    let photo: PhotoFields
    let photos: [PhotoRow]
    let scheduleValue: String
}

struct PhotoFields: Sendable {
    let caption: String
    let credit: String
    let alt: String
}

struct PhotoRow: Sendable {
    let url: String
    let caption: String
    let credit: String
    let alt: String
}

struct RevisionRow: Sendable {
    let number: Int
    let at: String
    let user: String
    let headline: String
    let isFrom: Bool
    let isTo: Bool
}

struct DiffLine: Sendable {
    let kind: String
    let mark: String
    let text: String
}

struct HistoryPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let editURL: String
    let headline: String
    let version: Int
    let canRestore: Bool
    let revisions: [RevisionRow]
    let from: Int
    let to: Int
    let lines: [DiffLine]
    let changed: Bool
    /// Every step of the workflow beside the content's revisions: submissions, returns, publication.
    let steps: [AuditView]
}

struct TrashPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let rows: [DraftRow]
}
