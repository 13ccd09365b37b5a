import BylineTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the real `byline` executable built next to the test bundle.
struct BylineProcess {
    struct Result {
        let status: Int32
        let output: String
    }

    static var executable: URL {
        // The test bundle and the executable are built into the same directory.
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = testBinary.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("byline")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return testBinary.deletingLastPathComponent().appendingPathComponent("byline")
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("byline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a command to completion and returns its exit status and combined output.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitForExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Starts `byline serve` and waits until `/healthz` answers, or gives up after `timeout`:
    /// two minutes, since a start that imports the demo took over one on CI's two cores while
    /// seven other tests ran beside it.
    static func serve(
        _ arguments: [String], port: Int, environment: [String: String] = [:], timeout: TimeInterval = 120, log: URL? = nil
    ) async throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--port", String(port)] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, process.isRunning {
            if (try? await get("http://127.0.0.1:\(port)/healthz"))?.status == 200 { return process }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw StartFailure()
    }

    struct StartFailure: Error {}

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        guard let url = URL(string: url) else { throw StartFailure() }
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// A port the kernel says is free right now (bound to port 0, then released).
    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : Int.random(in: 20_000..<40_000)
    }
}
