import BylineCore
import Logging
import ServiceLifecycle
import Synchronization

/// Counts article views in memory and writes them to storage in one batch a second,
/// so that reading an article never waits on a database write.
final class ViewRecorder: Service, Sendable {
    private let store: any NewsStore
    private let clock: NewsClock
    private let logger: Logger
    private let pending = Mutex<[ArticleID: Int]>([:])

    init(store: any NewsStore, clock: NewsClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    func record(_ id: ArticleID) {
        pending.withLock { $0[id, default: 0] += 1 }
    }

    /// Writes what has been counted so far; on failure the counts are kept for the next try.
    func flush() async {
        let counts = pending.withLock { pending in
            defer { pending = [:] }
            return pending
        }
        guard !counts.isEmpty else { return }
        do {
            try await store.recordViews(counts, at: clock.now)
        } catch {
            pending.withLock { pending in pending.merge(counts, uniquingKeysWith: +) }
            logger.warning("view counts not saved yet", metadata: ["error": "\(error)"])
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                await self.flush()
            }
        }
        // Whatever arrived after the last tick is saved before the process exits.
        await flush()
    }
}
