import BylineCore
import Foundation

/// A story beyond one article: its versions (속보 → 2보 → 종합) and its live coverage. Each
/// step checks the role and the article's state as the workflow's do (Newsroom+Workflow.swift).
extension Newsroom {
    /// Starts the next version of a published story (후속 기사 쓰기): a draft that carries the
    /// headline, body, section, tags, authors, dateline, grade, kind and photos forward, placed
    /// after the chain's last version. Reporters may write one, as they write any draft.
    public func followUp(_ id: ArticleID, by user: User) async throws -> ArticleID {
        let source = try await draft(id)
        guard NewsroomPolicy.may(user, .followUp, article: source) else { throw Self.refused(.followUp) }
        guard NewsroomPolicy.allows(.followUp, from: source.status) else {
            throw BylineError.forbidden("후속 기사는 출고된 기사에만 쓸 수 있습니다. 이 기사는 '\(source.status.koreanName)' 상태입니다.")
        }
        var document = source.document
        document.externalID = nil
        document.publishedAt = nil
        document.renderedBody = nil
        observe(.followUp)
        return try await workflow.createFollowUp(document, of: id, by: user, at: clock.now)
    }

    /// The story's versions in any state, for the desk; `nil` for an article that stands alone.
    public func chain(of id: ArticleID) async throws -> StoryChain? {
        try await workflow.draftChain(of: id)
    }

    /// Moves, detaches or marks (종합) a version of a story; every version's page and the
    /// lists (which show only the newest public version) follow at once.
    public func editChain(_ id: ArticleID, _ edit: ChainEdit, by user: User) async throws {
        let current = try await draft(id)
        guard NewsroomPolicy.may(user, .editChain, article: current) else { throw Self.refused(.editChain) }
        let before = try await workflow.draftChain(of: id)
        try await workflow.editChain(id, edit, by: user, at: clock.now)
        observe(.editChain)
        let members = Set((before?.links ?? []).map { SurrogateKeys.article($0.id) })
        await changes.announce(SurrogateKeys.everyList, purging: members)
    }

    /// Turns a published article into live coverage (라이브 시작).
    public func startLive(_ id: ArticleID, by user: User) async throws {
        _ = try await step(.goLive, id, by: user)
        try await workflow.startLive(id, by: user, at: clock.now)
        await liveChanged(id)
    }

    /// Posts an entry (text, a quote, a photo) on live coverage; readers' streams get it
    /// within a second, and a reload shows it.
    @discardableResult
    public func addLiveEntry(_ id: ArticleID, _ entry: NewLiveEntry, by user: User) async throws -> LiveEntry {
        _ = try await step(.liveEntry, id, by: user)
        let posted = try await workflow.addLiveEntry(id, try Self.checked(entry), by: user, at: clock.now)
        await liveChanged(id)
        return posted
    }

    /// Corrects an entry (shown as 정정) or pins it on top as a key event.
    public func editLiveEntry(_ id: ArticleID, entry: Int64, _ edit: LiveEntryEdit, by user: User) async throws {
        let current = try await draft(id)
        guard NewsroomPolicy.may(user, .liveEntry, article: current) else { throw Self.refused(.liveEntry) }
        var edit = edit
        if case .correct(let text) = edit { edit = .correct(try Self.checked(NewLiveEntry(kind: .text, body: text)).body) }
        try await workflow.editLiveEntry(id, entry: entry, edit, by: user, at: clock.now)
        await liveChanged(id)
    }

    /// Ends live coverage (라이브 종료): readers' streams close, the page says it ended.
    public func endLive(_ id: ArticleID, by user: User) async throws {
        _ = try await step(.endLive, id, by: user)
        try await workflow.endLive(id, by: user, at: clock.now)
        await liveChanged(id)
    }

    /// Live coverage that has not ended, for the desk's list.
    public func ongoingLive() async throws -> [OngoingLive] {
        try await workflow.ongoingLive()
    }

    /// An entry as stored: trimmed, within its limits, with what its kind needs.
    static func checked(_ entry: NewLiveEntry) throws -> NewLiveEntry {
        var entry = entry
        entry.body = entry.body.trimmingCharacters(in: .whitespacesAndNewlines)
        entry.source = entry.source?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        entry.photoURL = entry.photoURL?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        var problems: [FieldProblem] = []
        if !(1...NewLiveEntry.bodyLimit).contains(entry.body.count) {
            problems.append(FieldProblem(field: "body", message: "내용을 1~\(NewLiveEntry.bodyLimit)자로 써 주세요."))
        }
        if let source = entry.source, source.count > 200 {
            problems.append(FieldProblem(field: "source", message: "인용한 사람은 200자를 넘을 수 없습니다."))
        }
        switch entry.kind {
        case .photo:
            // A picture of the site's own media, or an address a browser can fetch safely.
            guard let url = entry.photoURL, url.count <= 500, url.hasPrefix("/media/") || url.hasPrefix("https://"),
                  !url.contains(where: { $0 == "\"" || $0 == "<" || $0 == ">" || $0.isWhitespace })
            else {
                problems.append(FieldProblem(field: "photo_url", message: "사진 주소는 /media/ 또는 https:// 로 시작해야 합니다."))
                break
            }
        case .quote:
            if entry.source == nil { problems.append(FieldProblem(field: "source", message: "누구의 말인지 적어 주세요.")) }
            entry.photoURL = nil
        case .text:
            entry.source = nil
            entry.photoURL = nil
        }
        if !problems.isEmpty { throw BylineError.invalidFields(problems) }
        return entry
    }

    /// A live article's page shows every entry: it is dropped here and everywhere, and this
    /// node's streams read the change at once (other nodes' within their second).
    private func liveChanged(_ id: ArticleID) async {
        await changes.announce([], purging: [SurrogateKeys.article(id)])
        live?.nudge(id)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
