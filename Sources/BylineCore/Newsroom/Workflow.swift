import Foundation

/// Where an article is in the newsroom's workflow:
/// draft → in review → scheduled or published → (corrected) / unpublished, or killed:
/// withdrawn everywhere it went, for good.
public enum ArticleStatus: String, CaseIterable, Hashable, Sendable {
    case draft, inReview, scheduled, published, unpublished, killed

    public var koreanName: String {
        switch self {
        case .draft: "작성 중"
        case .inReview: "검토 대기"
        case .scheduled: "예약"
        case .published: "출고"
        case .unpublished: "출고 취소"
        case .killed: "킬"
        }
    }
}

/// A named step of the workflow; each is one write in one transaction, logged in the audit log.
public enum WorkflowAction: String, CaseIterable, Hashable, Sendable {
    case create, save, submit, returnForRework = "return", publish, schedule, correct, unpublish, kill, pin, unpin, trash, restore
    case followUp, editChain
    case goLive, liveEntry, endLive

    public var koreanName: String {
        switch self {
        case .create: "작성"
        case .save: "저장"
        case .submit: "검토 요청"
        case .returnForRework: "반려"
        case .publish: "출고"
        case .schedule: "예약 출고"
        case .correct: "정정"
        case .unpublish: "출고 취소"
        case .kill: "킬"
        case .pin: "톱 고정"
        case .unpin: "톱 고정 해제"
        case .trash: "삭제"
        case .restore: "복원"
        case .followUp: "후속 기사 쓰기"
        case .editChain: "연결 편집"
        case .goLive: "라이브 시작"
        case .liveEntry: "라이브 글"
        case .endLive: "라이브 종료"
        }
    }
}

/// Who may do what (issue: roles). A reporter writes and edits their own drafts and
/// submits them; an editor edits anything, publishes, schedules, corrects and
/// unpublishes; an admin also manages users, sections and tokens.
public enum NewsroomPolicy {
    public static func may(_ user: User, _ action: WorkflowAction, article: DraftArticle?) -> Bool {
        switch (user.role, action) {
        case (.editor, _), (.admin, _):
            return true
        case (.reporter, .create), (.reporter, .followUp), (.reporter, .liveEntry):
            return true
        case (.reporter, .save), (.reporter, .submit), (.reporter, .trash):
            guard let article, article.status == .draft else { return false }
            // Their own drafts, and unowned ones bylined to them (an imported archive's).
            return article.ownerID == user.id
                || (article.ownerID == nil && article.document.authors.contains { $0.email.lowercased() == user.email.lowercased() })
        case (.reporter, _):
            return false
        }
    }

    /// The states an action may start from.
    /// A kill is final: nothing starts from a killed article, whose record clients rely on.
    public static func allows(_ action: WorkflowAction, from status: ArticleStatus) -> Bool {
        guard status != .killed else { return false }
        switch action {
        case .create: return false
        case .save: return true
        case .submit: return status == .draft
        case .returnForRework: return status == .inReview
        case .publish, .schedule: return status != .published
        case .correct, .kill, .followUp, .goLive, .liveEntry, .endLive: return status == .published
        case .editChain: return true
        case .unpublish: return status == .published || status == .scheduled
        case .pin, .unpin, .trash, .restore: return true
        }
    }
}

/// An article as the newsroom sees it, in any state.
public struct DraftArticle: Sendable {
    public let id: ArticleID
    public var document: ArticleDocument
    public var status: ArticleStatus
    /// Bumped by every save: a save naming an older version is a conflict, never an overwrite.
    public var version: Int
    public var ownerID: UserID?
    /// Not public before this time, whatever a publish asks.
    public var embargoUntil: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var corrections: [Correction]
    /// Why an editor returned it (반려), until it is submitted again.
    public var returnNote: String?
    /// When it was deleted; in the trash until restored or until 30 days pass.
    public var trashedAt: Date?

    public init(
        id: ArticleID, document: ArticleDocument, status: ArticleStatus, version: Int, ownerID: UserID?, embargoUntil: Date?,
        createdAt: Date, updatedAt: Date, corrections: [Correction], returnNote: String? = nil, trashedAt: Date? = nil
    ) {
        self.id = id
        self.document = document
        self.status = status
        self.version = version
        self.ownerID = ownerID
        self.embargoUntil = embargoUntil
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.corrections = corrections
        self.returnNote = returnNote
        self.trashedAt = trashedAt
    }
}

/// A line in the newsroom's article list.
public struct DraftSummary: Hashable, Sendable {
    public let id: ArticleID
    public let headline: String
    public let status: ArticleStatus
    public let sectionID: SectionID
    public let authorNames: [String]
    public let publishedAt: Date?
    public let updatedAt: Date
    public let returnNote: String?

    public init(
        id: ArticleID, headline: String, status: ArticleStatus, sectionID: SectionID, authorNames: [String], publishedAt: Date?,
        updatedAt: Date, returnNote: String? = nil
    ) {
        self.id = id
        self.headline = headline
        self.status = status
        self.sectionID = sectionID
        self.authorNames = authorNames
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.returnNote = returnNote
    }
}

/// What the newsroom's article list shows: any combination, newest change first.
public struct DraftFilter: Hashable, Sendable {
    public var status: ArticleStatus?
    /// The section and everything under it.
    public var sections: [SectionID]?
    public var reporterEmail: String?
    /// Words the headline contains.
    public var headline: String?

    public init(status: ArticleStatus? = nil, sections: [SectionID]? = nil, reporterEmail: String? = nil, headline: String? = nil) {
        self.status = status
        self.sections = sections
        self.reporterEmail = reporterEmail
        self.headline = headline
    }
}

/// A correction notice shown on the article (정정).
public struct Correction: Hashable, Sendable {
    public let text: String
    public let at: Date
    public let editorName: String

    public init(text: String, at: Date, editorName: String) {
        self.text = text
        self.at = at
        self.editorName = editorName
    }
}

/// A saved state of an article's content.
public struct Revision: Sendable {
    public let number: Int
    public let at: Date
    public let userName: String
    public let document: ArticleDocument

    public init(number: Int, at: Date, userName: String, document: ArticleDocument) {
        self.number = number
        self.at = at
        self.userName = userName
        self.document = document
    }
}

/// Who did what to which article, and when.
public struct AuditEntry: Hashable, Sendable {
    public let at: Date
    public let userName: String
    public let action: WorkflowAction
    public let articleID: ArticleID
    public let detail: String

    public init(at: Date, userName: String, action: WorkflowAction, articleID: ArticleID, detail: String) {
        self.at = at
        self.userName = userName
        self.action = action
        self.articleID = articleID
        self.detail = detail
    }
}

/// The storage seam for the newsroom's writes and reads of articles in every state.
///
/// Every write is one transaction that also appends to the audit log; content writes
/// also keep a revision. `BylineError.conflict` answers a save naming an old version.
public protocol NewsroomStore: Sendable {
    func draft(_ id: ArticleID) async throws -> DraftArticle?
    func drafts(_ filter: DraftFilter, page: PageRequest) async throws -> Page<DraftSummary>
    /// The article as readers would see it, whatever its state: for the preview.
    func preview(_ id: ArticleID) async throws -> Article?

    func createDraft(_ document: ArticleDocument, embargoUntil: Date?, by user: User, at now: Date) async throws -> ArticleID
    /// Saves new content; returns the new version.
    func saveDraft(
        _ id: ArticleID, _ document: ArticleDocument, embargoUntil: Date?, expectedVersion: Int, by user: User, at now: Date
    ) async throws -> Int
    /// Pins an article to the home page's top stories, at `position`, until `until`.
    func pin(_ id: ArticleID, position: Int, until: Date, by user: User, at now: Date) async throws
    func unpin(_ id: ArticleID, by user: User, at now: Date) async throws
    /// An article's pin, if it has one (expired or not).
    func topStoryPin(_ id: ArticleID) async throws -> (position: Int, until: Date)?

    /// Moves an article to the trash: off every public surface, out of the list, restorable for 30 days.
    func trash(_ id: ArticleID, by user: User, at now: Date) async throws
    /// Takes an article out of the trash, as a draft or unpublished as it was left.
    func restore(_ id: ArticleID, by user: User, at now: Date) async throws
    /// Articles in the trash, newest first.
    func trashed() async throws -> [DraftSummary]
    /// Deletes for good what has been in the trash since before `cutoff`; returns how many.
    func emptyTrash(before cutoff: Date) async throws -> Int
    /// Housekeeping of what the database derives and keeps for speed, run about every half
    /// minute on one node; returns how many rows it removed. On PostgreSQL: the kept article
    /// pages that no longer hold, and the change notes behind them. SQLite keeps nothing
    /// that needs it.
    func tidy(asOf now: Date) async throws -> Int

    /// Keeps what a person is typing (the form's fields as JSON), apart from revisions.
    func autosave(_ id: ArticleID, fields: String, by user: User, at now: Date) async throws
    /// A person's autosaved fields and when, if any.
    func autosaved(_ id: ArticleID, by user: User) async throws -> (fields: String, at: Date)?
    func discardAutosave(_ id: ArticleID, by user: User) async throws

    /// Moves an article to another state of the workflow in one transaction, checking the
    /// state it finds there (`NewsroomPolicy.allows`): `BylineError.statusChanged` when
    /// another editor moved it first. The steps are below, in the extension.
    func move(_ id: ArticleID, _ change: StatusChange, by user: User, at now: Date) async throws
    /// Adds a correction notice to a published article; its 최종수정 moves to `now`.
    func correct(_ id: ArticleID, text: String, by user: User, at now: Date) async throws
    /// Publishes every scheduled article whose time has come; returns their ids.
    func publishDue(asOf now: Date) async throws -> [ArticleID]

    /// Starts the next version of a published story: a draft of `document`, placed after the
    /// chain's last version (the chain begins with `source` when it had none). Checks in the
    /// same transaction that `source` is still published (`BylineError.statusChanged`).
    func createFollowUp(_ document: ArticleDocument, of source: ArticleID, by user: User, at now: Date) async throws -> ArticleID
    /// Every version of an article's story in any state (the trash left out), first to last;
    /// `publishedAt` is set on the public ones. `nil` when it stands alone.
    func draftChain(of id: ArticleID) async throws -> StoryChain?
    /// The places (속보, 2보, 종합) of those of `ids` that are versions of a story, for the desk's list.
    func chainPlaces(of ids: [ArticleID]) async throws -> [ArticleID: ChainPlace]
    /// Moves, detaches or marks (종합) a version, with an audit entry on it.
    func editChain(_ id: ArticleID, _ edit: ChainEdit, by user: User, at now: Date) async throws

    /// Turns a published article into live coverage; refused (`.statusChanged`) unless it is
    /// published, and (`.invalidFields`) when it was live before.
    func startLive(_ id: ArticleID, by user: User, at now: Date) async throws
    /// Posts an entry on live coverage that has not ended; returns it.
    func addLiveEntry(_ id: ArticleID, _ entry: NewLiveEntry, by user: User, at now: Date) async throws -> LiveEntry
    /// Corrects or pins an entry of the article's coverage.
    func editLiveEntry(_ id: ArticleID, entry: Int64, _ edit: LiveEntryEdit, by user: User, at now: Date) async throws
    /// Ends live coverage (라이브 종료): no entry is posted after.
    func endLive(_ id: ArticleID, by user: User, at now: Date) async throws
    /// Live coverage that has not ended, the latest started first.
    func ongoingLive() async throws -> [OngoingLive]

    func revisions(_ id: ArticleID) async throws -> [Revision]
    func auditLog(_ id: ArticleID) async throws -> [AuditEntry]

    /// Renames, moves (under `parent`, `nil` for the top) and orders a section. Moving a
    /// section under itself or its own descendants is refused.
    func updateSection(_ id: SectionID, name: String, parent: SectionID?, position: Int) async throws
    /// Every tag with how many articles (of any state) carry it, by name.
    func tagCounts() async throws -> [(tag: Tag, articles: Int)]
    /// Renames a tag, merging it into `new` if that exists; returns the articles that carried it.
    func renameTag(_ old: Tag, to new: Tag) async throws -> [ArticleID]
    /// Removes a tag from every article; returns the articles that carried it.
    func deleteTag(_ tag: Tag) async throws -> [ArticleID]
}

/// What the newsroom's pages and API need from storage: articles in every state, and accounts.
public typealias NewsroomBackend = NewsroomStore & AccountStore & PhotoLibraryStore & DistributionStore & DeliveryQueue & IngestStore & DashboardStore
