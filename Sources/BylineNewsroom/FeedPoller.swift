import BylineCore
import BylineIngest
import Foundation
import Logging
import ServiceLifecycle

/// Polls the RSS and Atom feeds of the sources that have one, each every `interval`, into
/// the 수신 queue. Entries seen before with the same content change nothing; a failed poll is
/// noted on the source for the newsroom to see, and tried again at the next interval.
///
/// With several nodes on one database, only the node holding `leadership` polls.
public struct FeedPoller: Service {
    let desk: WireDesk
    let leadership: (any JobLeadership)?
    let interval: TimeInterval
    let logger: Logger

    public init(desk: WireDesk, leadership: (any JobLeadership)?, interval: TimeInterval = 300, logger: Logger) {
        self.desk = desk
        self.leadership = leadership
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await leadership?.lead() ?? true {
                    await pollDue()
                }
                try? await Task.sleep(for: .seconds(min(interval, 10)))
            }
        }
    }

    /// Polls every source whose feed is due.
    func pollDue() async {
        guard let sources = try? await desk.store.sources() else { return }
        let now = desk.clock.now
        for source in sources where source.feedURL != nil && source.revokedAt == nil {
            if let polled = source.polledAt, now.timeIntervalSince(polled) < interval { continue }
            _ = await poll(source)
        }
    }

    /// Polls one source's feed now; answers how many items were new or changed, or why it failed.
    public func poll(_ source: WireSource) async -> Result<Int, PollFailure> {
        guard let address = source.feedURL else { return .success(0) }
        let result: Result<Int, PollFailure>
        do {
            let bytes = try await desk.fetch.get(address, limit: IncomingDecoder.maximumBytes)
            let kept = try await desk.keep(try IncomingDecoder.feed(bytes), from: source, via: "feed")
            result = .success(kept.filter { $0.1 == .created || $0.1 == .updated }.count)
        } catch let failure as PartnerFetch.Failure {
            result = .failure(PollFailure(reason: failure.description))
        } catch let problem as IngestProblem {
            result = .failure(PollFailure(reason: problem.explanation))
        } catch {
            // The database may be away: not the feed's fault, and not noted on it.
            logger.warning("feed poll could not be kept", metadata: ["source": "\(source.name)", "error": "\(error)"])
            return .failure(PollFailure(reason: "저장하지 못했습니다. 잠시 후 다시 시도합니다."))
        }
        if case .failure(let failure) = result {
            logger.warning("feed poll failed", metadata: ["source": "\(source.name)", "feed": "\(address)", "reason": "\(failure.reason)"])
        }
        let error: String? = if case .failure(let failure) = result { failure.reason } else { nil }
        try? await desk.store.recordPoll(source.id, at: desk.clock.now, error: error)
        return result
    }
}

/// Why a feed could not be read, in Korean.
public struct PollFailure: Error, Equatable {
    public let reason: String
}
