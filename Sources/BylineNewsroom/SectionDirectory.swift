import BylineCore
import Foundation
import Synchronization

/// The section tree every page needs for its navigation, kept in memory.
///
/// Sections change rarely, so the tree is reloaded at most every few seconds; when
/// the database cannot answer, the last tree keeps serving, so that even a 503 page
/// still shows the site's navigation.
public final class SectionDirectory: Sendable {
    private let store: any NewsStore
    private let maxAge: TimeInterval
    private let state: Mutex<(tree: SectionTree, loadedAt: Date)>

    public init(store: any NewsStore, maxAge: TimeInterval = 5) async throws {
        self.store = store
        self.maxAge = maxAge
        self.state = Mutex((SectionTree(try await store.sections()), Date()))
    }

    /// The last tree loaded, without touching the database.
    public var lastKnown: SectionTree { state.withLock { $0.tree } }

    /// Makes the next `current()` read the tree again (after sections changed).
    public func markStale() {
        state.withLock { $0.loadedAt = .distantPast }
    }

    /// A tree no older than `maxAge`, or the last one if the database fails.
    public func current() async -> SectionTree {
        let (tree, loadedAt) = state.withLock { ($0.tree, $0.loadedAt) }
        guard Date().timeIntervalSince(loadedAt) > maxAge else { return tree }
        guard let sections = try? await store.sections() else { return tree }
        let fresh = SectionTree(sections)
        state.withLock { $0 = (fresh, Date()) }
        return fresh
    }
}
