import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Test support shared by the test targets.
///
/// A real `redis-server` on a loopback port in a temporary directory, for one test.
public final class RedisServerProcess: @unchecked Sendable {  // immutable after start; signals only
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    public let port: Int
    let process: Process
    let directory: URL

    /// Starts a server, on `port` or on a free one. A random port can be taken by
    /// another test's server, so a failed start is retried on another port.
    public init(password: String? = nil, port: Int? = nil) throws {
        var lastLog = ""
        // A restart on the same port may find it still taken for a moment (the killed server's
        // socket, or another test's connection given that port): keep trying for eight seconds.
        for _ in 0..<(port == nil ? 5 : 20) {
            // Below Linux's ephemeral ports (32768 up), which the tests' own connections are
            // given: one of them could hold a restarted server's port.
            let candidate = port ?? Int.random(in: 21_000..<27_000)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-redis-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            var arguments = ["redis-server", "--port", String(candidate), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", directory.path, "--protected-mode", "no",
                             "--logfile", directory.appendingPathComponent("redis.log").path]
            if let password { arguments += ["--requirepass", password] }
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<150 where process.isRunning && !Self.accepts(candidate) { usleep(20_000) }
            if process.isRunning && Self.accepts(candidate) {
                self.port = candidate
                self.process = process
                self.directory = directory
                return
            }
            lastLog = (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
            kill(process.processIdentifier, SIGKILL)
            usleep(port == nil ? 100_000 : 400_000)
        }
        throw StartFailure(description: "redis-server did not start (is the redis-server package installed?): \(lastLog.suffix(500))")
    }

    public static func accepts(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// Freezes the server as SIGSTOP does to a stuck process: connections stay open, nothing answers.
    public func freeze() { kill(process.processIdentifier, SIGSTOP) }
    public func thaw() { kill(process.processIdentifier, SIGCONT) }

    /// Kills the server as a crash would. (Polling rather than `waitUntilExit`, which was
    /// seen to hang when called from a test's async context.)
    /// A frozen server is killed where it stands (`thawFirst: false`): woken first, it
    /// would answer what was queued while frozen, acknowledging writes it then loses.
    public func stop(thawFirst: Bool = true) {
        if process.isRunning {
            if thawFirst { kill(process.processIdentifier, SIGCONT) }
            kill(process.processIdentifier, SIGKILL)
            for _ in 0..<200 where process.isRunning { usleep(10_000) }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { if process.isRunning { stop() } }
}
