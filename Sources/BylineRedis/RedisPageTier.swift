import BylineCache
import Foundation

/// The shared page tier on Redis: every node stores what it renders and finds what
/// others rendered. A copy is one bulk string: a header line of content type, render
/// time and surrogate keys, then the body.
public struct RedisPageTier: SharedPageTier {
    let client: RedisClient

    public init(client: RedisClient) {
        self.client = client
    }

    public func load(_ key: String) async -> CachedPage? {
        guard let reply = try? await client.send("GET", Self.redisKey(key)), case .bulkString(let bytes?) = reply else {
            return nil
        }
        return Self.decode(bytes)
    }

    /// Stores the copy and files its key under each surrogate key, so that `purge` can find it.
    public func save(_ page: CachedPage, for key: String, ttl: Int) async {
        let seconds = Array(String(max(1, ttl)).utf8)
        var commands: [[[UInt8]]] = [[Array("SET".utf8), Array(Self.redisKey(key).utf8), Self.encode(page), Array("EX".utf8), seconds]]
        for surrogate in page.keys {
            let index = Array(Self.indexKey(surrogate).utf8)
            commands.append([Array("SADD".utf8), index, Array(key.utf8)])
            // The index outlives the copies it names by a margin; a purge of a copy already
            // expired deletes nothing.
            commands.append([Array("EXPIRE".utf8), index, Array(String(max(1, ttl) + Self.indexMargin).utf8)])
        }
        _ = try? await client.pipeline(bytes: commands)
    }

    /// Deletes the copies filed under each surrogate key, and the index entries, in one script.
    public func purge(keys: Set<String>) async {
        guard !keys.isEmpty else { return }
        _ = try? await client.pipeline([["EVAL", Self.purgeScript, String(keys.count)] + keys.sorted().map(Self.indexKey)])
    }

    static let indexMargin = 60

    static func redisKey(_ key: String) -> String { "byline:page:" + key }
    static func indexKey(_ surrogate: String) -> String { "byline:pages-with:" + surrogate }

    /// KEYS are index sets; each names page keys (without their prefix) to delete.
    static let purgeScript = """
        for _, index in ipairs(KEYS) do
          for _, page in ipairs(redis.call('SMEMBERS', index)) do
            redis.call('DEL', 'byline:page:' .. page)
          end
          redis.call('DEL', index)
        end
        return #KEYS
        """

    static func encode(_ page: CachedPage) -> [UInt8] {
        let header = "v1\t\(page.contentType)\t\(Int64(page.renderedAt.timeIntervalSince1970 * 1000))\t\(page.keys.sorted().joined(separator: " "))\n"
        return Array(header.utf8) + page.body
    }

    /// `nil` for anything not written by `encode`: a foreign or damaged value is a miss.
    static func decode(_ bytes: [UInt8]) -> CachedPage? {
        guard let newline = bytes.firstIndex(of: 10) else { return nil }
        let fields = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 4, fields[0] == "v1", let milliseconds = Int64(fields[2]) else { return nil }
        return CachedPage(
            body: Array(bytes[(newline + 1)...]), contentType: String(fields[1]),
            keys: Set(fields[3].split(separator: " ").map(String.init)),
            renderedAt: Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000))
    }
}

extension RedisPageTier: DependencyProbe {
    public var name: String { "redis" }

    /// A PING when the breaker allows one; the breaker's state either way.
    public func check() async -> DependencyStatus {
        let clock = ContinuousClock()
        let start = clock.now
        let answered = (try? await client.send("PING"))?.string == "PONG"
        let elapsed = clock.now - start
        return DependencyStatus(
            state: client.breaker.state.rawValue, healthy: answered, latencyMilliseconds: answered ? elapsed.milliseconds : nil)
    }
}
