import BylineCore
import Foundation

/// Who has read what lately, so that a reader reloading a page counts once in the
/// most-read rankings: one view per client address and article within a window.
///
/// Two generations of (client, article) fingerprints: the current one and the one
/// before it, swapped every window (or sooner when the current one is full), so memory
/// stays bounded and a pair is remembered for between one and two windows.
public struct RecentViewers: Sendable {
    public static let window: TimeInterval = 30 * 60
    /// Fingerprints a generation holds before it is rotated early (about 2 MB each when full).
    let capacity: Int
    private var current = Set<Int>()
    private var previous = Set<Int>()
    private var rotatedAt: Date?

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// Whether this is the client's first view of the article within the window; notes it.
    public mutating func isFirstView(of id: ArticleID, by client: String, at now: Date) -> Bool {
        let elapsed = rotatedAt.map { now.timeIntervalSince($0) } ?? .infinity
        if elapsed >= Self.window || elapsed < 0 || current.count >= capacity {
            // Two windows on, the older generation is past remembering too.
            previous = elapsed < 2 * Self.window && elapsed >= 0 ? current : []
            current = []
            rotatedAt = now
        }
        var hasher = Hasher()
        hasher.combine(client)
        hasher.combine(id.rawValue)
        let fingerprint = hasher.finalize()
        guard !previous.contains(fingerprint) else { return false }
        return current.insert(fingerprint).inserted
    }
}
