import BylineCore
import Foundation
import Synchronization

/// The last probe of each relevance search (`PostgresNewsStore.path`), kept a minute: a
/// search asked again soon after (readers search for the day's news in the same words)
/// skips the probe's round trip and its reading of the newest 1,000 documents, about a
/// millisecond. The probe only chooses how the candidates are read, never which they are
/// (`ranked`), so one a minute old, or made before the newest articles, costs at most time.
final class SearchProbes: Sendable {
    struct Key: Hashable {
        let query: SearchQuery
        let filters: ArticleListing
    }

    private struct Kept {
        let path: SearchPath
        let probe: SearchPath.Probe
        let at: Date
    }

    private let kept = Mutex<[Key: Kept]>([:])
    private let capacity: Int
    private let lifetime: TimeInterval

    init(capacity: Int = 4_096, lifetime: TimeInterval = 60) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// The probe kept for `key` at `now`, if it is younger than the lifetime.
    func probe(for key: Key, at now: Date) -> (SearchPath, SearchPath.Probe)? {
        kept.withLock { kept in
            guard let found = kept[key], now.timeIntervalSince(found.at) < lifetime, found.at <= now else { return nil }
            return (found.path, found.probe)
        }
    }

    func keep(_ path: SearchPath, _ probe: SearchPath.Probe, for key: Key, at now: Date) {
        kept.withLock { kept in
            // Thousands of different searches within a minute: start again rather than track ages.
            if kept.count >= capacity { kept.removeAll(keepingCapacity: true) }
            kept[key] = Kept(path: path, probe: probe, at: now)
        }
    }
}
