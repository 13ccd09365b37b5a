import Foundation

/// Where PostgreSQL is and how long Byline waits for it, read from a URL such as
/// `postgres://byline:secret@127.0.0.1:5432/byline?timeout=2s&pool=10`.
public struct PostgresConfiguration: Hashable, Sendable {
    public var host = "127.0.0.1"
    public var port = 5432
    /// The directory of the server's Unix socket (libpq's `host=/path` option), when the
    /// server is on this machine: cheaper per statement than TCP on loopback.
    public var socketDirectory: String?
    public var username = "postgres"
    public var password: String?
    public var database = "byline"
    /// The longest a store call may take, waiting for a connection included. A database
    /// that stops answering must turn into a fast 503 or a stale page, never a hung reader.
    public var timeout: Duration = .seconds(2)
    public var connectTimeout: Duration = .seconds(2)
    /// The server stops a statement after this long, so a runaway query frees its connection.
    public var statementTimeout: Duration = .seconds(5)
    /// Connections kept by each node: bounded, so that many nodes stay under the server's limit.
    public var poolSize = 10
    /// How many of the newest public articles a newest-first search reads one by one before
    /// it asks the GIN index for the older matches (`PostgresNewsStore.newest`).
    public var searchWindow = 1000
    /// How many of the newest matches a relevance search ranks, as on SQLite
    /// (`PostgresNewsStore.ranked`).
    public var relevanceCandidates = 2_000

    public init() {}

    /// Parses a `postgres://` or `postgresql://` URL; the error says in one line what is wrong.
    public init(url: String) throws(PostgresURLError) {
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"),
              let components = URLComponents(string: url), let host = components.host, !host.isEmpty
        else { throw PostgresURLError("expected postgres://user:password@host:port/database") }
        self.host = host
        if let port = components.port {
            guard (1...65535).contains(port) else { throw PostgresURLError("port \(port) is out of range") }
            self.port = port
        }
        if let user = components.user, !user.isEmpty { username = user }
        password = components.password
        let path = components.path.drop { $0 == "/" }
        if !path.isEmpty {
            guard !path.contains("/") else { throw PostgresURLError("the path must be a database name") }
            database = String(path)
        }
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "timeout": timeout = try Self.duration(value, item.name)
            case "connect_timeout": connectTimeout = try Self.duration(value, item.name)
            case "statement_timeout": statementTimeout = try Self.duration(value, item.name)
            case "pool":
                guard let size = Int(value), (1...200).contains(size) else { throw PostgresURLError("pool must be 1 to 200") }
                poolSize = size
            case "host":
                guard value.hasPrefix("/"), !value.contains("\0") else {
                    throw PostgresURLError("host must be the absolute path of the server's socket directory")
                }
                socketDirectory = value
            case "sslmode" where value == "disable":
                break  // the only mode this build speaks; loopback and private networks
            default:
                throw PostgresURLError("unknown option '\(item.name)' (known: timeout, connect_timeout, statement_timeout, pool, host)")
            }
        }
    }

    /// The socket file in `socketDirectory`, named for the port as PostgreSQL names it.
    public var socketPath: String? {
        socketDirectory.map { "\($0.hasSuffix("/") ? String($0.dropLast()) : $0)/.s.PGSQL.\(port)" }
    }

    /// Where the server is, for messages: its socket or its host and port.
    public var place: String { socketPath ?? "\(host):\(port)" }

    /// `500ms`, `2s` or a bare number of milliseconds.
    static func duration(_ text: String, _ name: String) throws(PostgresURLError) -> Duration {
        if text.hasSuffix("ms"), let value = Int(text.dropLast(2)), value > 0 { return .milliseconds(value) }
        if text.hasSuffix("s"), let value = Int(text.dropLast()), value > 0 { return .seconds(value) }
        if let value = Int(text), value > 0 { return .milliseconds(value) }
        throw PostgresURLError("\(name) must be a duration such as 500ms or 2s")
    }
}

/// A malformed database URL, said in one line.
public struct PostgresURLError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
