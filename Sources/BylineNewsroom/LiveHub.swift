import BylineCore
import Foundation
import Synchronization

/// Fans live coverage out to the readers connected to this node (`/news/{id}/live`).
///
/// One poller per live article with readers reads the changes since the last number it saw,
/// once a second (at once when this node posted the change), and hands them to every
/// reader's stream: the database is read per live article, never per reader. A reader that
/// stops reading is dropped once its bounded buffer is full, so memory never grows with it.
public final class LiveHub: Sendable {
    /// What a reader's stream receives.
    public enum Event: Sendable {
        case entry(LiveEntry)
        case ended(Date)
        /// Nothing happened for a while: a comment keeps proxies from closing a quiet stream.
        case heartbeat
    }

    static let heartbeatInterval: Duration = .seconds(15)

    /// Changes a slow reader may fall behind by before it is dropped.
    public static let readerBuffer = 64
    /// Changes kept for readers who resume after a number they saw.
    static let recentLimit = 200

    private struct Reader {
        let continuation: AsyncStream<Event>.Continuation
    }

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

    /// A reader's stream of the article's changes from now on, and the changes after
    /// `sequence` this node still remembers (`nil` when it cannot tell: read them from the
    /// store). The stream ends when the coverage does, or when the reader falls too far behind.
    public func subscribe(_ id: ArticleID, after sequence: Int64?) -> (
        stream: AsyncStream<Event>, missed: [(sequence: Int64, event: Event)]?, latest: Int64?
    ) {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingOldest(Self.readerBuffer))
        let token = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        let (missed, latest, startPoller) = channels.withLock { channels -> ([(sequence: Int64, event: Event)]?, Int64?, Bool) in
            var channel = channels[id] ?? Channel()
            let isNew = channels[id] == nil
            channel.readers[token] = Reader(continuation: continuation)
            var missed: [(sequence: Int64, event: Event)]?
            if let sequence, !isNew, sequence <= channel.sequence,
               sequence >= (channel.recent.first.map { $0.sequence - 1 } ?? channel.sequence) {
                missed = channel.recent.filter { $0.sequence > sequence }
            }
            let latest = isNew ? nil : channel.sequence
            channels[id] = channel
            return (missed, latest, isNew)
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id, token: token) }
        if startPoller { startPolling(id) }
        return (stream, missed, latest)
    }

    /// Reads the article's changes now instead of at the next tick (this node just posted one).
    public func nudge(_ id: ArticleID) {
        _ = channels.withLock { $0[id]?.nudge?.yield() }
    }

    private func unsubscribe(_ id: ArticleID, token: UInt64) {
        let nudge = channels.withLock { channels -> AsyncStream<Void>.Continuation? in
            channels[id]?.readers[token] = nil
            guard channels[id]?.readers.isEmpty == true else { return nil }
            defer { channels[id] = nil }
            return channels[id]?.nudge
        }
        // The last reader left: the poller sees its channel gone and stops.
        nudge?.finish()
    }

    private func startPolling(_ id: ArticleID) {
        let (ticks, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        channels.withLock { $0[id]?.nudge = tick }
        Task { [store, interval] in
            var sequence = (try? await store.liveCoverage(id, after: .max))?.sequence ?? 0
            channels.withLock { $0[id]?.sequence = sequence }
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
        for reader in readers.values {
            if case .dropped = reader.continuation.yield(.heartbeat) { reader.continuation.finish() }
        }
        return true
    }

    /// Hands the events to every reader; false when nobody is left to poll for.
    private func deliver(_ events: [(sequence: Int64, event: Event)], of id: ArticleID, upTo sequence: Int64, ended: Bool) -> Bool {
        let (readers, alive) = channels.withLock { channels -> ([UInt64: Reader], Bool) in
            guard var channel = channels[id] else { return ([:], false) }
            channel.sequence = sequence
            channel.recent.append(contentsOf: events)
            if channel.recent.count > Self.recentLimit { channel.recent.removeFirst(channel.recent.count - Self.recentLimit) }
            channels[id] = channel
            return (channel.readers, true)
        }
        guard alive else { return false }
        guard !events.isEmpty || ended else { return true }
        for reader in readers.values {
            for (_, event) in events {
                if case .dropped = reader.continuation.yield(event) {
                    reader.continuation.finish()
                    break
                }
            }
            if ended { reader.continuation.finish() }
        }
        return true
    }
}
