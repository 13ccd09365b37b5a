import Foundation
import Synchronization

/// Counts content changes seen by this process: its own, and those other processes announce.
///
/// What every page shows the same way (the 속보 ticker, the most-read list) is kept between
/// renders as a `Recent` value of one generation, so an uncached page does not read it again;
/// the next change starts a new generation.
public final class ContentGeneration: Sendable {
    private let counter = Atomic<UInt64>(0)

    public init() {}

    public var current: UInt64 { counter.load(ordering: .acquiring) }

    /// Called for every invalidation, before the pages it concerns are marked.
    public func advance() {
        counter.add(1, ordering: .releasing)
    }
}

/// One value derived from the content, kept while the content's generation stays the same
/// and for at most `maxAge`. The age bounds what no announcement covers: a change made by a
/// process on no shared channel, or an embargo that lifts without a write.
public final class Recent<Value: Sendable>: Sendable {
    private struct Kept {
        let value: Value
        let generation: UInt64
        let at: ContinuousClock.Instant
        /// The news clock's time the value was read for (tests move it).
        let asOf: Date
    }

    private let generation: ContentGeneration
    private let maxAge: Duration
    private let kept = Mutex<Kept?>(nil)

    public init(_ generation: ContentGeneration, maxAge: Duration) {
        self.generation = generation
        self.maxAge = maxAge
    }

    private var maxSeconds: Double {
        Double(maxAge.components.seconds) + Double(maxAge.components.attoseconds) / 1e18
    }

    /// The kept value, or a fresh one from `read`. Concurrent misses each read; the one that
    /// finishes last is kept. A value read while the generation advanced is kept under the
    /// older generation, so the next call reads again.
    public func value(asOf now: Date, read: () async throws -> Value) async rethrows -> Value {
        let generation = generation.current
        let clock = ContinuousClock()
        if let kept = kept.withLock({ $0 }), kept.generation == generation, clock.now - kept.at < maxAge,
           abs(now.timeIntervalSince(kept.asOf)) < maxSeconds {
            return kept.value
        }
        let fresh = try await read()
        kept.withLock { $0 = Kept(value: fresh, generation: generation, at: clock.now, asOf: now) }
        return fresh
    }
}
