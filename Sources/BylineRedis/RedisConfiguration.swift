/// Where Redis is and how long Byline waits for it, read from a URL such as
/// `redis://:secret@127.0.0.1:6379/2?timeout=50ms&connect_timeout=100ms&pool=4`.
public struct RedisConfiguration: Hashable, Sendable {
    public var host: String
    public var port: Int
    public var password: String?
    public var database: Int
    /// How long a command may wait for its reply. Tens of milliseconds: a slow Redis
    /// must cost readers a cache miss, not a wait.
    public var commandTimeout: Duration
    public var connectTimeout: Duration
    /// Connections kept open; commands are pipelined on each.
    public var poolSize: Int

    public init(
        host: String = "127.0.0.1", port: Int = 6379, password: String? = nil, database: Int = 0,
        commandTimeout: Duration = .milliseconds(50), connectTimeout: Duration = .milliseconds(100), poolSize: Int = 2
    ) {
        self.host = host
        self.port = port
        self.password = password
        self.database = database
        self.commandTimeout = commandTimeout
        self.connectTimeout = connectTimeout
        self.poolSize = poolSize
    }

    /// Parses a `redis://` URL; `nil` when it is not one.
    public init?(url: String) {
        guard url.hasPrefix("redis://") else { return nil }
        var rest = Substring(url.dropFirst("redis://".count))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        self.init()
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            password = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).last.map(String.init)
            rest = rest[rest.index(after: at)...]
        }
        let hostAndPort = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard let first = hostAndPort.first, !first.isEmpty, hostAndPort.count <= 2 else { return nil }
        host = String(first)
        if hostAndPort.count == 2 {
            guard let value = Int(hostAndPort[1]), (1...65535).contains(value) else { return nil }
            port = value
        }
        if !path.isEmpty {
            guard let value = Int(path), value >= 0 else { return nil }
            database = value
        }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            switch parts[0] {
            case "timeout": guard let value = Self.duration(parts[1]) else { return nil }; commandTimeout = value
            case "connect_timeout": guard let value = Self.duration(parts[1]) else { return nil }; connectTimeout = value
            case "pool": guard let value = Int(parts[1]), (1...64).contains(value) else { return nil }; poolSize = value
            default: return nil
            }
        }
    }

    /// `50ms`, `2s` or a bare number of milliseconds.
    static func duration(_ text: Substring) -> Duration? {
        if text.hasSuffix("ms"), let value = Int(text.dropLast(2)), value > 0 { return .milliseconds(value) }
        if text.hasSuffix("s"), let value = Int(text.dropLast()), value > 0 { return .seconds(value) }
        if let value = Int(text), value > 0 { return .milliseconds(value) }
        return nil
    }
}
