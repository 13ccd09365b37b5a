import BylineCore
import Logging
import ServiceLifecycle

/// Publishes scheduled articles when their time comes: at start-up (whatever fell due
/// while the server was down), then once a second, so an article goes live within a
/// second or two of its time whether or not anyone is reading the site.
///
/// With several nodes on one database, only the node holding `leadership` runs the jobs.
public struct Scheduler: Service {
    let newsroom: Newsroom
    /// `nil` on a single node (SQLite): this node always runs the jobs.
    let leadership: (any JobLeadership)?
    let logger: Logger

    public init(newsroom: Newsroom, leadership: (any JobLeadership)?, logger: Logger) {
        self.newsroom = newsroom
        self.leadership = leadership
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastTrashSweep = ContinuousClock.now - .seconds(3600)
            var lastTidy = ContinuousClock.now
            var leading = false
            while !Task.isCancelled {
                let leads = await leadership?.lead() ?? true
                if leads != leading, leadership != nil {
                    logger.info(leads ? "this node now runs the scheduled jobs" : "another node runs the scheduled jobs")
                }
                leading = leads
                guard leads else {
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                // The trash is emptied of what is past its 30 days about once an hour.
                if ContinuousClock.now - lastTrashSweep >= .seconds(3600) {
                    lastTrashSweep = ContinuousClock.now
                    if let removed = try? await newsroom.emptyTrash(), removed > 0 {
                        logger.info("emptied the trash of old articles", metadata: ["articles": "\(removed)"])
                    }
                }
                // The database tidies what it keeps for speed about every half minute.
                if ContinuousClock.now - lastTidy >= .seconds(30) {
                    lastTidy = ContinuousClock.now
                    do {
                        try await newsroom.tidy()
                    } catch {
                        logger.warning("tidying the database failed; retrying", metadata: ["error": "\(error)"])
                    }
                }
                do {
                    let published = try await newsroom.publishDue()
                    if !published.isEmpty {
                        logger.info("published scheduled articles", metadata: ["articles": "\(published.map(\.rawValue))"])
                    }
                } catch {
                    // The database may be away; the next tick tries again.
                    logger.warning("scheduled publishing failed; retrying", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
