import BylineCore
import Foundation

/// The editorial workflow: each step checks the role and the article's state, writes in
/// one transaction (with its audit entry), and drops the cached pages it changed.
extension Newsroom {
    var workflow: any NewsroomBackend {
        get throws {
            guard let desk else { throw BylineError.unavailable }
            return desk
        }
    }

    public func draft(_ id: ArticleID) async throws -> DraftArticle {
        guard let draft = try await workflow.draft(id) else { throw BylineError.notFound }
        return draft
    }

    public func create(_ document: ArticleDocument, embargoUntil: Date?, by user: User) async throws -> ArticleID {
        guard NewsroomPolicy.may(user, .create, article: nil) else { throw Self.refused(.create) }
        try await validate(document)
        try await prepareBylines(of: document, by: user)
        return try await fieldErrors(on: "authors") {
            try await workflow.createDraft(document, embargoUntil: embargoUntil, by: user, at: clock.now)
        }
    }

    /// Saves content; returns the new version. A save naming an old version is a conflict.
    @discardableResult
    public func save(
        _ id: ArticleID, _ document: ArticleDocument, embargoUntil: Date?, version: Int, by user: User
    ) async throws -> Int {
        let current = try await draft(id)
        guard NewsroomPolicy.may(user, .save, article: current) else { throw Self.refused(.save) }
        try Self.refuseKilled(current, .save)
        try await validate(document)
        try await prepareBylines(of: document, by: user)
        let before = current.status == .published ? try await store.article(id, asOf: clock.now) : nil
        let newVersion = try await fieldErrors(on: "authors") {
            try await workflow.saveDraft(id, document, embargoUntil: embargoUntil, expectedVersion: version, by: user, at: clock.now)
        }
        // Saved for real: the autosaved copy has served its purpose.
        try? await workflow.discardAutosave(id, by: user)
        if current.status == .published { await changed(id, before: before) }
        return newVersion
    }

    /// Carries out one step of the workflow on an article.
    public func perform(_ step: WorkflowStep, on id: ArticleID, by user: User) async throws {
        switch step {
        case .submit: try await submit(id, by: user)
        case .returnForRework(let comment): try await returnForRework(id, comment: comment, by: user)
        case .publish: try await publish(id, by: user)
        case .schedule(let time): try await schedule(id, at: time, by: user)
        case .correct(let text): try await correct(id, text: text, by: user)
        case .unpublish: try await unpublish(id, by: user)
        case .kill(let reason): try await kill(id, reason: reason, by: user)
        case .pin(let position, let until): try await pin(id, position: position, until: until, by: user)
        case .unpin: try await unpin(id, by: user)
        case .trash: try await trash(id, by: user)
        case .restore: try await restore(id, by: user)
        }
    }

    public func submit(_ id: ArticleID, by user: User) async throws {
        _ = try await step(.submit, id, by: user)
        try await workflow.submit(id, by: user, at: clock.now)
    }

    /// Sends an article in review back to its writer with a comment (반려); they revise and submit again.
    public func returnForRework(_ id: ArticleID, comment: String, by user: User) async throws {
        _ = try await step(.returnForRework, id, by: user)
        let trimmed = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...1_000).contains(trimmed.count) else {
            throw BylineError.invalidFields([FieldProblem(field: "comment", message: "반려 사유를 1~1,000자로 써 주세요.")])
        }
        try await workflow.returnForRework(id, comment: trimmed, by: user, at: clock.now)
    }

    /// Publishes now, or at the embargo if it has not passed (then the article is scheduled).
    public func publish(_ id: ArticleID, by user: User) async throws {
        let current = try await step(.publish, id, by: user)
        let now = clock.now
        if let embargo = current.embargoUntil, embargo > now {
            try await workflow.schedule(id, for: embargo, reason: "엠바고 \(KoreanTime.listStamp(embargo))", by: user, at: now)
            return
        }
        try await workflow.publish(id, by: user, at: now)
        await changed(id, before: nil)
    }

    /// Publishes at `time` (or at the embargo, if later); the scheduler does it within a second of then.
    public func schedule(_ id: ArticleID, at time: Date, by user: User) async throws {
        let current = try await step(.schedule, id, by: user)
        let now = clock.now
        guard time > now else {
            throw BylineError.invalidFields([FieldProblem(field: "scheduled_at", message: "예약 시각은 지금보다 뒤여야 합니다.")])
        }
        let at = max(time, current.embargoUntil ?? time)
        let before = current.status == .published ? try await store.article(id, asOf: now) : nil
        try await workflow.schedule(id, for: at, reason: KoreanTime.listStamp(at), by: user, at: now)
        if before != nil { await changed(id, before: before) }
    }

    public func correct(_ id: ArticleID, text: String, by user: User) async throws {
        _ = try await step(.correct, id, by: user)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...1_000).contains(trimmed.count) else {
            throw BylineError.invalidFields([FieldProblem(field: "correction", message: "정정 내용을 1~1,000자로 써 주세요.")])
        }
        let before = try await store.article(id, asOf: clock.now)
        try await workflow.correct(id, text: trimmed, by: user, at: clock.now)
        await changed(id, before: before)
    }

    public func unpublish(_ id: ArticleID, by user: User) async throws {
        _ = try await step(.unpublish, id, by: user)
        let before = try await store.article(id, asOf: clock.now)
        try await workflow.unpublish(id, by: user, at: clock.now)
        await changed(id, before: before, extraKeys: [SurrogateKeys.popular])
    }

    /// Kills a published article (킬): it leaves every page, list, feed, sitemap and search
    /// on every node at once and answers 410 from then on; the Content API lists it for the
    /// clients that copied it, search engines are told, and the history keeps who and why.
    /// Its own page and every list that showed it are purged, not marked stale, so that no
    /// cache serves them again even while the database is down; the other pages (whose
    /// related-article blocks may show it) are marked stale.
    public func kill(_ id: ArticleID, reason: String, by user: User) async throws {
        _ = try await step(.kill, id, by: user)
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...KillNotice.reasonLimit).contains(trimmed.count) else {
            throw BylineError.invalidFields([
                FieldProblem(field: "reason", message: "킬 사유를 1~\(KillNotice.reasonLimit)자로 써 주세요.")
            ])
        }
        let before = try await store.article(id, asOf: clock.now)
        try await workflow.kill(id, reason: trimmed, by: user, at: clock.now)
        let tree = await sections.current()
        var gone: Set<String> = [SurrogateKeys.article(id), SurrogateKeys.popular, SurrogateKeys.apiKills]
        if let before { gone.formUnion(SurrogateKeys.changed(before, tree: tree)) }
        if let chain = try? await workflow.draftChain(of: id) { gone.formUnion(chain.links.map { SurrogateKeys.article($0.id) }) }
        await changes.announce([], purging: gone)
        await changes.announceEverything()
        indexNow?.submit([publicURL + "/news/\(id)"])
    }

    /// Pins an article to the home page's top stories (at `position`, 1 first) until `until`.
    public func pin(_ id: ArticleID, position: Int, until: Date, by user: User) async throws {
        _ = try await step(.pin, id, by: user)
        guard (1...10).contains(position), until > clock.now else {
            throw BylineError.invalidFields([FieldProblem(field: "pin", message: "순서는 1~10, 고정 끝은 지금보다 뒤여야 합니다.")])
        }
        try await workflow.pin(id, position: position, until: until, by: user, at: clock.now)
        await changes.announce([SurrogateKeys.home])
    }

    public func unpin(_ id: ArticleID, by user: User) async throws {
        _ = try await step(.unpin, id, by: user)
        try await workflow.unpin(id, by: user, at: clock.now)
        await changes.announce([SurrogateKeys.home])
    }

    /// How long deleted articles can be restored.
    static let trashDays = 30

    /// Deletes an article into the trash; if it was public, it is taken down everywhere at once.
    public func trash(_ id: ArticleID, by user: User) async throws {
        let current = try await draft(id)
        guard NewsroomPolicy.may(user, .trash, article: current) else { throw Self.refused(.trash) }
        guard current.trashedAt == nil else { throw BylineError.notFound }
        try Self.refuseKilled(current, .trash)
        let before = try await store.article(id, asOf: clock.now)
        try await workflow.trash(id, by: user, at: clock.now)
        if before != nil { await changed(id, before: before, extraKeys: [SurrogateKeys.popular, SurrogateKeys.home]) }
    }

    public func restore(_ id: ArticleID, by user: User) async throws {
        guard NewsroomPolicy.may(user, .restore, article: nil) else { throw Self.refused(.restore) }
        try await workflow.restore(id, by: user, at: clock.now)
    }

    /// Deletes for good what has been in the trash longer than 30 days.
    @discardableResult
    public func emptyTrash() async throws -> Int {
        try await workflow.emptyTrash(before: clock.now.addingTimeInterval(-Double(Self.trashDays) * 86_400))
    }

    /// The database's housekeeping (`NewsroomStore.tidy`); returns how many rows it removed.
    @discardableResult
    public func tidy() async throws -> Int {
        try await workflow.tidy(asOf: clock.now)
    }

    /// Keeps the fields a person is typing, so that a closed tab or a crash loses nothing.
    public func autosave(_ id: ArticleID, fields: String, by user: User) async throws {
        let current = try await draft(id)
        guard NewsroomPolicy.may(user, .save, article: current) else { throw Self.refused(.save) }
        try Self.refuseKilled(current, .save)
        try await workflow.autosave(id, fields: fields, by: user, at: clock.now)
    }

    /// The person's autosaved fields (as the editor sent them), when newer than the article's last save.
    public func pendingAutosave(_ draft: DraftArticle, by user: User) async throws -> (fields: String, at: Date)? {
        guard let saved = try await workflow.autosaved(draft.id, by: user), saved.at > draft.updatedAt else { return nil }
        return (saved.fields, saved.at)
    }

    /// Publishes what the scheduler finds due (also what fell due while the server was down).
    @discardableResult
    public func publishDue() async throws -> [ArticleID] {
        let due = try await workflow.publishDue(asOf: clock.now)
        for id in due { await changed(id, before: nil) }
        return due
    }

    /// The article, once the role and the state allow `action`.
    func step(_ action: WorkflowAction, _ id: ArticleID, by user: User) async throws -> DraftArticle {
        let current = try await draft(id)
        guard NewsroomPolicy.may(user, action, article: current) else { throw Self.refused(action) }
        guard NewsroomPolicy.allows(action, from: current.status) else {
            throw BylineError.forbidden("'\(current.status.koreanName)' 상태의 기사는 \(action.koreanName)할 수 없습니다.")
        }
        observe(action)
        return current
    }

    /// A killed article stays as it was killed: its record is what clients were told.
    static func refuseKilled(_ article: DraftArticle, _ action: WorkflowAction) throws {
        guard article.status != .killed else {
            throw BylineError.forbidden("킬된 기사는 \(action.koreanName)할 수 없습니다.")
        }
    }

    static func refused(_ action: WorkflowAction) -> BylineError {
        .forbidden("\(action.koreanName) 권한이 없습니다.")
    }

    private func validate(_ document: ArticleDocument) async throws {
        let problems = await problems(with: document)
        if !problems.isEmpty { throw BylineError.invalidFields(problems) }
    }

    /// What the store cannot say field by field, checked before it is asked.
    public func problems(with document: ArticleDocument) async -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let headline = document.headline.trimmingCharacters(in: .whitespacesAndNewlines)
        if headline.isEmpty { problems.append(FieldProblem(field: "headline", message: "제목을 써 주세요.")) }
        if headline.count > 200 { problems.append(FieldProblem(field: "headline", message: "제목은 200자를 넘을 수 없습니다.")) }
        if document.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(FieldProblem(field: "body", message: "본문을 써 주세요."))
        }
        if document.body.count > 100_000 { problems.append(FieldProblem(field: "body", message: "본문은 10만 자를 넘을 수 없습니다.")) }
        let tree = await sections.current()
        if tree.section(at: document.section) == nil {
            problems.append(FieldProblem(field: "section", message: "섹션 '\(document.section)'이(가) 없습니다."))
        }
        if document.authors.isEmpty { problems.append(FieldProblem(field: "authors", message: "기자를 한 명 이상 적어 주세요.")) }
        return problems
    }

    /// What the store refuses (an unknown reporter or section) goes beside its field, else beside `field`.
    private func fieldErrors<T>(on field: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refusal as StorageRefusal {
            throw BylineError.invalidFields([FieldProblem(field: refusal.field ?? field, message: refusal.explanation)])
        }
    }
}
