import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server (Debian's `postgresql` package) in a temporary directory on a
/// loopback port: `initdb`, then `postgres` itself, so that a test can freeze, stop and
/// restart it. Run as root, the server runs as `nobody`, since PostgreSQL refuses root.
public final class PostgresServerProcess: @unchecked Sendable {  // the process is only replaced under `lock`
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    public let port: Int
    let directory: URL
    let binaries: URL
    private let lock = NSLock()
    private var process: Process?

    /// One server for the whole test run, started on first use; each test makes its own database.
    public static func shared() throws -> PostgresServerProcess {
        try sharedServer.get()
    }
    private static let sharedServer = Result { try PostgresServerProcess() }

    public init() throws {
        guard let binaries = Self.binaryDirectory() else {
            throw StartFailure(description: "PostgreSQL is not installed (Debian package postgresql; scripts/test installs it)")
        }
        self.binaries = binaries
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0 { _ = chown(directory.path, 65534, 65534) }
        try Self.runTool(binaries.appendingPathComponent("initdb").path, [
            "-D", directory.appendingPathComponent("data").path, "-U", "byline", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        ], asServerUser: true)
        var lastError = ""
        for _ in 0..<5 {
            // Below Linux's ephemeral ports (32768 up), which the tests' own connections are
            // given: one of them could hold the port when the server is restarted on it.
            let candidate = Int.random(in: 27_000..<32_700)
            switch try Self.launch(binaries: binaries, directory: directory, port: candidate) {
            case .success(let started):
                port = candidate
                process = started
                watchdog()
                return
            case .failure(let failure):
                lastError = failure.description
            }
        }
        throw StartFailure(description: "postgres did not start: \(lastError)")
    }

    /// Where the server's Unix socket is (`postgres -k`).
    public var socketDirectory: String { directory.path }

    /// The URL of a database on this server; `database` must exist (see `createDatabase`).
    public func url(database: String = "postgres") -> String {
        "postgres://byline@127.0.0.1:\(port)/\(database)"
    }

    /// Creates a database with a fresh name, empty or a copy of `template`, and returns its URL.
    public func createDatabase(template: String? = nil) throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        var lastError: (any Error)?
        // A template still closing its last connection refuses to be copied for a moment.
        for _ in 0..<50 {
            do {
                try Self.runTool("/usr/bin/env", [
                    "psql", "-X", "-q", "-h", "127.0.0.1", "-p", String(port), "-U", "byline", "-d", "postgres",
                    "-c", "CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? ""),
                ])
                return url(database: String(name))
            } catch {
                lastError = error
                usleep(100_000)
            }
        }
        throw lastError ?? StartFailure(description: "CREATE DATABASE failed")
    }

    /// Runs `sql` on the database at `url` (one of `createDatabase`'s), with psql.
    public func execute(_ sql: String, url: String) throws {
        try Self.runTool("/usr/bin/env", ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
    }

    /// The output of `sql` on the database at `url`, unaligned and without headers.
    public func query(_ sql: String, url: String) throws -> String {
        try Self.runTool("/usr/bin/env", ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Freezes the server and every backend, as SIGSTOP does to a stuck machine:
    /// connections stay open, nothing answers.
    public func freeze() { signalAll(SIGSTOP) }
    public func thaw() { signalAll(SIGCONT) }

    /// Stops the server as an operator would (fast shutdown: clients are disconnected).
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGCONT)
        kill(process.processIdentifier, SIGINT)
        for _ in 0..<1000 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Starts the server again on the same port and data, after `stop`.
    public func start() throws {
        lock.lock()
        defer { lock.unlock() }
        try startServer()
    }

    /// Call with `lock` held, or from `init`.
    private func startServer() throws {
        var lastError = ""
        for _ in 0..<3 {
            let launched = try Self.launch(binaries: binaries, directory: directory, port: port)
            switch launched {
            case .success(let started):
                process = started
                return
            case .failure(let error):
                lastError = error.description
                usleep(200_000)
            }
        }
        throw StartFailure(description: lastError)
    }

    private static func launch(binaries: URL, directory: URL, port: Int) throws -> Result<Process, StartFailure> {
        let log = directory.appendingPathComponent("postgres.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        if getuid() == 0 { _ = chown(log.path, 65534, 65534) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: getuid() == 0 ? "/usr/bin/setpriv" : binaries.appendingPathComponent("postgres").path)
        let arguments = [
            "-D", directory.appendingPathComponent("data").path, "-p", String(port), "-k", directory.path,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=400", "-c", "fsync=off",
            "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "shared_buffers=64MB",
        ]
        process.arguments = getuid() == 0
            ? ["--reuid=65534", "--regid=65534", "--clear-groups", binaries.appendingPathComponent("postgres").path] + arguments
            : arguments
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        for _ in 0..<500 where process.isRunning {
            if (try? runTool(binaries.appendingPathComponent("pg_isready").path, ["-q", "-h", "127.0.0.1", "-p", String(port)])) != nil {
                return .success(process)
            }
            usleep(20_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return .failure(StartFailure(description: String(text.suffix(500))))
    }

    /// Ends the server and removes its files when the test process ends, however it ends.
    private func watchdog() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let pidFile = directory.appendingPathComponent("data/postmaster.pid").path
        process.arguments = ["-c", """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            pid=$(head -1 '\(pidFile)' 2>/dev/null); [ -n "$pid" ] && kill -CONT "$pid" && kill -INT "$pid"
            sleep 3; rm -rf '\(directory.path)'
            """]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }

    private func signalAll(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        guard let process else { return }
        let server = process.processIdentifier
        kill(server, signal)
        for child in Self.children(of: server) { kill(child, signal) }
    }

    /// Processes whose parent is `parent`, from /proc.
    private static func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { return nil }
            // After "pid (name) state ppid".
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == parent ? pid : nil
        }
    }

    @discardableResult
    static func runTool(_ path: String, _ arguments: [String], asServerUser: Bool = false) throws -> String {
        let process = Process()
        if asServerUser && getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitForExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw StartFailure(description: "\((path as NSString).lastPathComponent) failed: \(text.suffix(400))")
        }
        return text
    }

    /// The newest installed PostgreSQL's programs, such as /usr/lib/postgresql/15/bin.
    static func binaryDirectory() -> URL? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.last.map { URL(fileURLWithPath: "\(root)/\($0)/bin") }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
