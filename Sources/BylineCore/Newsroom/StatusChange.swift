import Foundation

/// One move between states of the workflow, as storage writes it: the new state, the
/// publication time it sets (if any), the audit entry and the return note.
public struct StatusChange: Hashable, Sendable {
    public let action: WorkflowAction
    public let status: ArticleStatus
    /// The publication time it sets; `nil` leaves it.
    public let publishedAt: Date?
    /// The audit entry's detail; `nil` writes the headline.
    public let detail: String?
    /// The return note: `nil` leaves it, `.some(nil)` clears it.
    public let returnNote: String??
}

extension NewsroomStore {
    /// Sends a draft to the editors (in review); a return note is cleared.
    public func submit(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await move(id, StatusChange(action: .submit, status: .inReview, publishedAt: nil, detail: nil, returnNote: .some(nil)), by: user, at: now)
    }

    /// Sends an article in review back to its writer as a draft, with the editor's comment (반려).
    public func returnForRework(_ id: ArticleID, comment: String, by user: User, at now: Date) async throws {
        try await move(
            id, StatusChange(action: .returnForRework, status: .draft, publishedAt: nil, detail: comment, returnNote: comment),
            by: user, at: now)
    }

    /// Makes an article public now: `now` becomes its 기사입력.
    public func publish(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await move(id, StatusChange(action: .publish, status: .published, publishedAt: now, detail: nil, returnNote: nil), by: user, at: now)
    }

    /// Sets an article to go public at `time` (a schedule, or an embargo's end).
    public func schedule(_ id: ArticleID, for time: Date, reason: String, by user: User, at now: Date) async throws {
        try await move(
            id, StatusChange(action: .schedule, status: .scheduled, publishedAt: time, detail: reason, returnNote: nil), by: user, at: now)
    }

    /// Takes a published or scheduled article off every public surface.
    public func unpublish(_ id: ArticleID, by user: User, at now: Date) async throws {
        try await move(id, StatusChange(action: .unpublish, status: .unpublished, publishedAt: nil, detail: nil, returnNote: nil), by: user, at: now)
    }

    /// Withdraws a published article for good (킬), with the reason clients are given.
    public func kill(_ id: ArticleID, reason: String, by user: User, at now: Date) async throws {
        try await move(id, StatusChange(action: .kill, status: .killed, publishedAt: nil, detail: reason, returnNote: nil), by: user, at: now)
    }
}
