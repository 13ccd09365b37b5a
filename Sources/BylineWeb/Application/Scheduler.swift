import BylineCore
import Logging
import ServiceLifecycle

/// Publishes scheduled articles when their time comes: at start-up (whatever fell due
/// while the server was down), then once a second, so an article goes live within a
/// second or two of its time whether or not anyone is reading the site.
struct Scheduler: Service {
    let newsroom: Newsroom
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastTrashSweep = ContinuousClock.now - .seconds(3600)
            while !Task.isCancelled {
                // The trash is emptied of what is past its 30 days about once an hour.
                if ContinuousClock.now - lastTrashSweep >= .seconds(3600) {
                    lastTrashSweep = ContinuousClock.now
                    if let removed = try? await newsroom.emptyTrash(), removed > 0 {
                        logger.info("emptied the trash of old articles", metadata: ["articles": "\(removed)"])
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
