import BylineCore
import Foundation
import Synchronization

/// Fans live coverage out to the readers connected to this node (`/news/{id}/live`).
///
/// One poller per live article with readers reads the changes since the last number it saw,
/// once a second (at once when this node posted the change), and hands them to every
/// reader: the database is read per live article, never per reader. A reader is a function
/// that takes the event and returns at once (it writes to its connection on that
/// connection's event loop); a reader that stops reading drops itself (`unsubscribe`).
public final class LiveHub: Sendable {
    /// What a reader receives.
    public enum Event: Sendable {
        case entry(LiveEntry)
        case ended(Date)
        /// Nothing happened for a while: a comment keeps proxies from closing a quiet stream.
        case heartbeat
    }

    /// Takes one event; called from the poller's task, so it must not block.
    public typealias Reader = @Sendable (Event) -> Void

    /// A reader's place on an article's coverage.
    public struct Subscription: Sendable {
        public let article: ArticleID
        let token: UInt64
        /// The changes after the number asked for that this node still remembers (`nil`
        /// when it cannot tell: read them from the store).
        public let missed: [(sequence: Int64, event: Event)]?
        /// The number of the latest change handed out (`nil` when this reader started the
        /// article's poller and none is known yet).
        public let latest: Int64?
    }

    static let heartbeatInterval: Duration = .seconds(15)
    /// Changes kept for readers who resume after a number they saw.
    static let recentLimit = 200

    private struct Channel {
        var readers: [UInt64: Reader] = [:]
        /// The latest changes, oldest first, with their numbers.
        var recent: [(sequence: Int64, event: Event)] = []
        /// The number of the latest change handed out.
        var sequence: Int64 = 0
        var nudge: AsyncStream<Void>.Continuation?
    }

    private let store: any ReaderStore
    private let interval: Duration
    private let channels = Mutex<[ArticleID: Channel]>([:])
    private let nextReader = Atomic<UInt64>(0)

    public init(store: any ReaderStore, interval: Duration = .seconds(1)) {
        self.store = store
        self.interval = interval
    }

    /// Whether this node streams the article to someone now.
    public func isStreaming(_ id: ArticleID) -> Bool { channels.withLock { $0[id] != nil } }

    /// How many readers are connected, over every live article.
    public var readerCount: Int { channels.withLock { $0.values.reduce(0) { $0 + $1.readers.count } } }

    /// Adds a reader of the article's changes after `sequence` (`nil`: from now on). It
    /// receives every change from now until the coverage ends (`.ended`, its last event) or
    /// it unsubscribes. `known` is the coverage's latest change number as the caller read it
    /// before subscribing: a poller this reader starts hands out every change after it, even
    /// one made before the poller's first read.
    public func subscribe(_ id: ArticleID, after sequence: Int64?, known: Int64? = nil, reader: @escaping Reader) -> Subscription {
        let token = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        let (missed, latest, startPoller) = channels.withLock { channels -> ([(sequence: Int64, event: Event)]?, Int64?, Bool) in
            let isNew = channels[id] == nil
            // Changed in place: a copy of the channel would copy every reader with it.
            channels[id, default: Channel(sequence: known ?? 0)].readers[token] = reader
            guard !isNew, let channel = channels[id] else { return (nil, nil, isNew) }
            var missed: [(sequence: Int64, event: Event)]?
            if let sequence, sequence <= channel.sequence,
               sequence >= (channel.recent.first.map { $0.sequence - 1 } ?? channel.sequence) {
                missed = channel.recent.filter { $0.sequence > sequence }
            }
            return (missed, channel.sequence, false)
        }
        if startPoller { startPolling(id, from: known) }
        return Subscription(article: id, token: token, missed: missed, latest: latest)
    }

    /// Reads the article's changes now instead of at the next tick (this node just posted one).
    public func nudge(_ id: ArticleID) {
        _ = channels.withLock { $0[id]?.nudge?.yield() }
    }

    /// The reader left, or fell too far behind. Once the last one leaves, the poller stops.
    public func unsubscribe(_ subscription: Subscription) {
        let id = subscription.article
        let nudge = channels.withLock { channels -> AsyncStream<Void>.Continuation? in
            guard channels[id]?.readers.removeValue(forKey: subscription.token) != nil,
                  channels[id]?.readers.isEmpty == true else { return nil }
            defer { channels[id] = nil }
            return channels[id]?.nudge
        }
        // The poller sees its channel gone and stops.
        nudge?.finish()
    }

    private func startPolling(_ id: ArticleID, from known: Int64?) {
        let (ticks, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        channels.withLock { $0[id]?.nudge = tick }
        Task { [store, interval] in
            // Read here only when the subscriber knew nothing: a change made between its read
            // and this one would be handed to nobody.
            var sequence: Int64
            if let known {
                sequence = known
            } else {
                sequence = (try? await store.liveCoverage(id, after: .max))?.sequence ?? 0
                channels.withLock { $0[id]?.sequence = sequence }
            }
            // Ticks come from a timer and from nudges; the stream ends when the last reader leaves.
            let timer = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    tick.yield()
                }
            }
            defer { timer.cancel() }
            let clock = ContinuousClock()
            var lastBeat = clock.now
            for await _ in ticks {
                if clock.now - lastBeat >= Self.heartbeatInterval {
                    lastBeat = clock.now
                    guard heartbeat(id) else { return }
                }
                guard let coverage = try? await store.liveCoverage(id, after: sequence) else { continue }
                var events = coverage.entries.sorted { $0.sequence < $1.sequence }.map { (sequence: $0.sequence, event: Event.entry($0)) }
                if let ended = coverage.endedAt, coverage.sequence > sequence {
                    events.append((coverage.sequence, .ended(ended)))
                }
                sequence = max(sequence, coverage.sequence)
                guard deliver(events, of: id, upTo: sequence, ended: coverage.endedAt != nil) else { return }
            }
        }
    }

    /// Tells every reader the stream is alive; false when nobody is left.
    private func heartbeat(_ id: ArticleID) -> Bool {
        guard let readers = channels.withLock({ $0[id]?.readers }) else { return false }
        for reader in readers.values { reader(.heartbeat) }
        return true
    }

    /// Hands the events to every reader; false when nobody is left to poll for, or the
    /// coverage ended (its readers are let go with the end).
    private func deliver(_ events: [(sequence: Int64, event: Event)], of id: ArticleID, upTo sequence: Int64, ended: Bool) -> Bool {
        let readers = channels.withLock { channels -> [UInt64: Reader]? in
            guard channels[id] != nil else { return nil }
            if ended {
                defer { channels[id] = nil }
                return channels[id]?.readers
            }
            channels[id]?.sequence = sequence
            channels[id]?.recent.append(contentsOf: events)
            if let count = channels[id]?.recent.count, count > Self.recentLimit { channels[id]?.recent.removeFirst(count - Self.recentLimit) }
            return channels[id]?.readers
        }
        guard let readers else { return false }
        if !events.isEmpty || ended {
            for reader in readers.values {
                for (_, event) in events { reader(event) }
            }
        }
        return !ended
    }
}
