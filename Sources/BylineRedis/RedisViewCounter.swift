import BylineCache
import BylineCore
import Foundation

/// View counters on Redis: one sorted set per hour (article id → views), kept eight days,
/// and rankings made by adding up the hours of a window on read.
///
/// Increments are at least once: when a batch times out, Redis may still have applied it,
/// and the caller sends it again. A few views counted twice in an outage are better than
/// an hour of views lost.
public struct RedisViewCounter: SharedViewCounter {
    let client: RedisClient
    /// Commands per pipelined write, so that a large backlog does not make one huge request.
    let batchSize = 1_000

    public init(client: RedisClient) {
        self.client = client
    }

    static func hourKey(_ hour: Int64) -> String { "byline:views:\(hour)" }
    /// Long enough for the week window plus the hour in progress.
    static let retentionSeconds = 8 * 86_400

    public func add(_ counts: ViewCounts) async throws {
        var commands: [[String]] = []
        for (hour, views) in counts.byHour.sorted(by: { $0.key < $1.key }) {
            let key = Self.hourKey(hour)
            for (id, count) in views where count > 0 {
                commands.append(["ZINCRBY", key, String(count), String(id.rawValue)])
            }
            commands.append(["EXPIRE", key, String(Self.retentionSeconds)])
        }
        var start = 0
        while start < commands.count {
            let end = min(start + batchSize, commands.count)
            for reply in try await client.pipeline(Array(commands[start..<end])) {
                if case .error(let message) = reply { throw RedisError.server(message) }
            }
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
