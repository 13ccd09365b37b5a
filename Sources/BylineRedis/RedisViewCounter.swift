import BylineCache
import BylineCore
import Foundation

/// View counters on Redis: one sorted set per hour (article id → views), kept eight days,
/// and rankings made by adding up the hours of a window on read.
///
/// Increments are exactly once per batch: each chunk of a batch is applied by a script
/// that first sets the chunk's marker key, and does nothing when the marker is already
/// there. So a batch that timed out, but was applied, is not counted again when the
/// caller sends it again.
public struct RedisViewCounter: SharedViewCounter {
    let client: RedisClient
    /// Increments per script call, so that a large backlog does not hold Redis up.
    let chunkSize = 1_000

    public init(client: RedisClient) {
        self.client = client
    }

    static func hourKey(_ hour: Int64) -> String { "byline:views:\(hour)" }
    /// Long enough for the week window plus the hour in progress.
    static let retentionSeconds = 8 * 86_400
    /// How long a batch's markers stay: longer than a batch is retried while Redis answers.
    static let markerSeconds = 86_400

    /// ARGV: marker lifetime, hour retention, then (hour key, count, article id) triples.
    static let script = """
        if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
        local hours = {}
        for i = 3, #ARGV, 3 do
          redis.call('ZINCRBY', ARGV[i], ARGV[i + 1], ARGV[i + 2])
          hours[ARGV[i]] = true
        end
        for key in pairs(hours) do redis.call('EXPIRE', key, ARGV[2]) end
        return 1
        """

    public func add(_ batch: ViewBatch) async throws {
        var increments: [(key: String, count: String, id: String)] = []
        for (hour, views) in batch.counts.byHour.sorted(by: { $0.key < $1.key }) {
            let key = Self.hourKey(hour)
            // Sorted, so that the batch splits into the same chunks every time it is sent.
            for (id, count) in views.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where count > 0 {
                increments.append((key, String(count), String(id.rawValue)))
            }
        }
        var chunk = 0
        var start = 0
        while start < increments.count {
            let end = min(start + chunkSize, increments.count)
            var command = ["EVAL", Self.script, "1", "byline:batch:\(batch.id):\(chunk)",
                           String(Self.markerSeconds), String(Self.retentionSeconds)]
            for increment in increments[start..<end] {
                command += [increment.key, increment.count, increment.id]
            }
            for reply in try await client.pipeline([command]) {
                if case .error(let message) = reply { throw RedisError.server(message) }
            }
            chunk += 1
            start = end
        }
    }

    public func ranking(_ window: PopularWindow, asOf now: Date, limit: Int) async throws -> [RankedArticle] {
        let last = ViewCounts.hour(of: now)
        let first = ViewCounts.hour(of: now.addingTimeInterval(-window.duration))
        let hours = (first...last).map(Self.hourKey)
        let destination = "byline:ranking:\(window.rawValue)"
        let replies = try await client.pipeline([
            ["ZUNIONSTORE", destination, String(hours.count)] + hours,
            ["EXPIRE", destination, "60"],
            ["ZREVRANGE", destination, "0", String(max(0, limit - 1)), "WITHSCORES"],
        ])
        guard replies.count == 3, case .array(let flat?) = replies[2] else {
            if case .error(let message) = replies.last { throw RedisError.server(message) }
            throw RedisError.protocolViolation
        }
        var ranking: [RankedArticle] = []
        var index = 0
        while index + 1 < flat.count {
            if let id = flat[index].integer, id > 0, let score = flat[index + 1].string.flatMap(Double.init) {
                ranking.append(RankedArticle(id: ArticleID(rawValue: id), views: Int64(score)))
            }
            index += 2
        }
        // Redis breaks ties by member text; the site breaks them by the newer id, as the database does.
        return ranking.sorted { ($0.views, $0.id.rawValue) > ($1.views, $1.id.rawValue) }
    }
}
