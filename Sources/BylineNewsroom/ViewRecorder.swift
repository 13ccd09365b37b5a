import BylineCache
import BylineCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Counts article views in memory and writes them out once a second, so that reading
/// an article never waits on a write.
///
/// Counts go to the database (the durable record, and the rankings when Redis is absent)
/// and, when configured, to the shared counters on Redis (the rankings every node reads).
/// Site-wide traffic (views per minute, and per hour by the kind of referring host) goes
/// to the database alone, for the newsroom's dashboard; every node adds its own.
/// Each destination has its own buffer: while one is down its counts wait, bounded, and
/// are written when it returns, in the hour they were observed.
public final class ViewRecorder: Service, Sendable {
    /// The most (hour, article) pairs a buffer holds while its destination is down.
    static let bufferLimit = 100_000

    private let store: any NewsStore
    private let shared: (any SharedViewCounter)?
    private let clock: NewsClock
    private let logger: Logger
    private let pending = Mutex<(database: ViewCounts, shared: ViewCounts)>((ViewCounts(), ViewCounts()))
    /// The batch whose sending to the shared counters failed, and which Redis may or may not
    /// have applied: it is sent again, under the same id, before anything newer.
    private let inDoubt = Mutex<ViewBatch?>(nil)
    private let traffic = Mutex(Traffic())
    private let recent = Mutex(RecentViewers())

    public init(store: any NewsStore, shared: (any SharedViewCounter)?, clock: NewsClock, logger: Logger) {
        self.store = store
        self.shared = shared
        self.clock = clock
        self.logger = logger
    }

    /// Counts a view of `id`, unless the same client read it within the last half hour (a
    /// reload). A view without a client address (an in-process test client) always counts.
    /// `referrer` is the kind of host the reader came from; the address itself is not kept.
    public func record(_ id: ArticleID, client: String? = nil, referrer: ReferrerKind = .direct) {
        let now = clock.now
        if let client, !recent.withLock({ $0.isFirstView(of: id, by: client, at: now) }) { return }
        traffic.withLock { $0.add(at: now, from: referrer) }
        let hour = ViewCounts.hour(of: now)
        let sharing = shared != nil
        pending.withLock { pending in
            pending.database.add(id, hour: hour, limit: Self.bufferLimit)
            if sharing { pending.shared.add(id, hour: hour, limit: Self.bufferLimit) }
        }
    }

    /// Counts not yet written, for the tests and for the log at shutdown.
    public var backlog: (database: ViewCounts, shared: ViewCounts) {
        var (database, shared) = pending.withLock { $0 }
        if let batch = inDoubt.withLock({ $0 }) { shared.merge(batch.counts) }
        return (database, shared)
    }

    /// Traffic not yet written.
    public var trafficBacklog: Traffic { traffic.withLock { $0 } }

    /// Writes what has been counted so far; what cannot be written is kept for the next try.
    public func flush() async {
        let counted = traffic.withLock { $0.drain() }
        if !counted.isEmpty {
            do {
                try await store.recordTraffic(counted)
            } catch {
                // Minutes and hours, not articles: a day's outage keeps a few thousand numbers.
                traffic.withLock { $0.merge(counted) }
            }
        }
        let database = pending.withLock { $0.database.drain() }
        if !database.isEmpty {
            var unwritten = ViewCounts()
            for (hour, counts) in database.byHour.sorted(by: { $0.key < $1.key }) {
                do {
                    try await store.recordViews(counts, at: Date(timeIntervalSince1970: TimeInterval(hour) * 3600))
                } catch {
                    for (id, count) in counts { unwritten.add(id, hour: hour, count: count) }
                }
            }
            if !unwritten.isEmpty {
                let refused = pending.withLock { $0.database.merge(unwritten, limit: Self.bufferLimit) }
                if refused > 0 {
                    logger.warning("view count buffer full: views dropped", metadata: ["destination": "database", "views": "\(refused)"])
                }
            }
        }
        if let shared { await flushShared(to: shared) }
    }

    /// Sends the batch in doubt, if any, then what has been counted since; while the
    /// batch in doubt fails, newer views wait in the buffer, so at most one batch is in doubt.
    private func flushShared(to shared: any SharedViewCounter) async {
        if let batch = inDoubt.withLock({ $0 }) {
            do {
                try await shared.add(batch)
                inDoubt.withLock { $0 = nil }
            } catch {
                return
            }
        }
        let counts = pending.withLock { $0.shared.drain() }
        guard !counts.isEmpty else { return }
        let batch = ViewBatch(counts: counts)
        do {
            try await shared.add(batch)
        } catch {
            inDoubt.withLock { $0 = batch }
        }
    }

    public func run() async throws {
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
