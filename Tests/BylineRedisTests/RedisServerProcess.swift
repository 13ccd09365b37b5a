#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A real `redis-server` on a loopback port in a temporary directory, for one test.
final class RedisServerProcess {
    let port: Int
    let process: Process
    let directory: URL

    init(password: String? = nil, port: Int? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.port = port ?? Int.random(in: 41_000..<49_000)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["redis-server", "--port", String(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                         "--dir", directory.path, "--protected-mode", "no"]
        if let password { arguments += ["--requirepass", password] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready when the port accepts connections.
        for _ in 0..<100 where !Self.accepts(self.port) { usleep(20_000) }
    }

    static func accepts(_ port: Int) -> Bool {
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
    func freeze() { kill(process.processIdentifier, SIGSTOP) }
    func thaw() { kill(process.processIdentifier, SIGCONT) }

    /// Kills the server as a crash would. (Polling rather than `waitUntilExit`, which was
    /// seen to hang when called from a test's async context.)
    func stop() {
        kill(process.processIdentifier, SIGCONT)
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<200 where process.isRunning { usleep(10_000) }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { if process.isRunning { stop() } }
}
