import Foundation

/// The record of a kill (킬): a published article withdrawn for good. Readers get 410 and a
/// short notice; clients that copied the article get all of it, to take their copy down.
public struct KillNotice: Hashable, Sendable {
    /// A reason must fit the audit log's detail, where the kill is recorded.
    public static let reasonLimit = 200

    public let id: ArticleID
    public let headline: String
    public let killedAt: Date
    public let reason: String

    public init(id: ArticleID, headline: String, killedAt: Date, reason: String) {
        self.id = id
        self.headline = headline
        self.killedAt = killedAt
        self.reason = reason
    }
}
