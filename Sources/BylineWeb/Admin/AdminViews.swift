import BylineCore
import Foundation

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
    /// Its place in a story's versions (속보, 2보, 종합).
    var place: String?
    var isLive = false
}

/// Live coverage running now, on the desk's list (진행 중 라이브).
struct OngoingLiveRow: Sendable {
    let url: String
    let headline: String
    let startedStamp: String
    let entryCount: Int
}

struct NewsroomListPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let rows: [DraftRow]
    let ongoingLive: [OngoingLiveRow]
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

/// The article editor: the form, and beside it what the article is and what the person
/// signed in may do to it. Each part is built by its own initialiser; `child(named:)`
/// (AdminTemplateFields.swift) gives the template their fields by name.
struct EditorPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let form: ArticleForm
    let sections: [OptionView]
    let messages: EditorMessages
    /// The stored article; `nil` while it is new.
    let article: EditorArticle?
    let actions: EditorActions
    let pin: PinState
    let editorScriptURL: String
    /// The schedule field's value: what was typed, or an hour from now.
    let scheduleValue: String
    /// The largest photo upload, in megabytes.
    let photoLimit: Int
    /// How many of the saved article's photos have no alternative text: warned of before it is published.
    let missingAlt: Int
}

/// What the editor says back: refusals by field, a notice, a conflicting save, an autosaved
/// copy on offer, and what was typed into the side forms (kept when they are refused).
struct EditorMessages: Sendable {
    var problems: [FieldProblem] = []
    var notice: String?
    var conflict: ConflictView?
    var autosaveOffer: String?
    var typedCorrection = ""
    var typedKillReason = ""
    /// A live entry that was refused, to type again from.
    var typedLive = TypedLiveEntry()
    var typedSchedule = ""
    var typedPhoto = PhotoFields(caption: "", credit: "", alt: "")

    var errors: [String: String] {
        Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { "\($0) \($1)" })
    }
}

/// The facts of a stored article the editor shows: its state, corrections, history and photos.
struct EditorArticle: Sendable {
    let id: ArticleID
    let version: Int
    let status: String
    let statusName: String
    let trashedAt: String?
    let returnNote: String?
    /// The reader page, while the article is published.
    let publicURL: String?
    let corrections: [CorrectionView]
    let audit: [AuditView]
    let photos: [PhotoRow]
    /// The versions of its story, first to last; empty when it stands alone.
    let chain: [ChainRow]
    /// Its live coverage, when it is or was live.
    let live: DeskLive?

    init(_ draft: DraftArticle, audit: [AuditEntry], chain: StoryChain?, mayEditChain: Bool, live: LiveCoverage? = nil) {
        self.live = live.map(DeskLive.init)
        id = draft.id
        version = draft.version
        status = draft.status.rawValue
        statusName = draft.status.koreanName
        trashedAt = draft.trashedAt.map(KoreanTime.listStamp)
        returnNote = draft.returnNote
        publicURL = draft.status == .published ? Links.article(draft.id) : nil
        corrections = draft.corrections.map { CorrectionView(text: $0.text, at: KoreanTime.listStamp($0.at), editor: $0.editorName) }
        self.audit = audit.reversed().map {
            AuditView(at: KoreanTime.listStamp($0.at), user: $0.userName, action: $0.action.koreanName, detail: $0.detail)
        }
        photos = draft.document.photos.map { PhotoRow(url: $0.url, caption: $0.caption, credit: $0.credit, alt: $0.alt) }
        let links = chain?.links ?? []
        self.chain = links.enumerated().map { index, link in
            ChainRow(
                id: link.id.rawValue, place: link.place.label, headline: link.headline,
                statusName: link.publishedAt.map { "출고 \(KoreanTime.listStamp($0))" } ?? "미출고",
                isCurrent: link.id == draft.id, isRoundup: link.place == .roundup,
                upPosition: index > 0 ? index - 1 : nil, downPosition: index < links.count - 1 ? index + 1 : nil,
                canEditChain: mayEditChain, returnTo: draft.id.rawValue)
        }
    }
}


/// The workflow's buttons the person may press now, by their role and the article's state.
struct EditorActions: Sendable {
    let canEdit: Bool
    let canDelete: Bool
    let canUndelete: Bool
    let canSubmit: Bool
    let canReturn: Bool
    let canPublish: Bool
    let canSchedule: Bool
    let canCorrect: Bool
    let canUnpublish: Bool
    let canKill: Bool
    let canFollowUp: Bool
    let canGoLive: Bool
    let canPostLive: Bool
    let canEndLive: Bool
    let canPin: Bool

    init(_ draft: DraftArticle?, user: User, live: LiveCoverage? = nil) {
        func may(_ action: WorkflowAction) -> Bool { draft.map { NewsroomPolicy.may(user, action, article: $0) } ?? false }
        func can(_ action: WorkflowAction) -> Bool { may(action) && draft.map { NewsroomPolicy.allows(action, from: $0.status) } ?? false }
        let killed = draft?.status == .killed
        canEdit = draft == nil || (may(.save) && !killed)
        canDelete = draft?.trashedAt == nil && may(.trash) && !killed
        canUndelete = draft?.trashedAt != nil && may(.restore)
        canSubmit = can(.submit)
        canReturn = can(.returnForRework)
        canPublish = can(.publish)
        canSchedule = can(.schedule)
        canCorrect = can(.correct)
        canUnpublish = can(.unpublish)
        canKill = can(.kill)
        canFollowUp = can(.followUp)
        canGoLive = live == nil && can(.goLive)
        canPostLive = live?.isLive == true && can(.liveEntry)
        canEndLive = live?.isLive == true && can(.endLive)
        canPin = can(.pin) && draft?.status == .published
    }
}

/// The home page pin: the current one, or the form's defaults (first place, six hours).
struct PinState: Sendable {
    let isPinned: Bool
    let position: Int
    let until: String

    init(_ pin: (position: Int, until: Date)?, now: Date) {
        let current = pin.flatMap { $0.until > now ? $0 : nil }
        isPinned = current != nil
        position = current?.position ?? 1
        until = ArticleForm.localTime(current?.until ?? now.addingTimeInterval(6 * 3600))
    }
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
