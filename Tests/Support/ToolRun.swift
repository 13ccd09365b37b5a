import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a command-line tool printed, and how it ended.
public struct ToolRun: Sendable {
    public let status: Int32
    public let output: Data
    public let errors: String

    /// Runs `arguments` (found on the PATH) to its end.
    ///
    /// Polls for the exit rather than calling `waitUntilExit`, which was seen to hang for good
    /// when called from a test's async context: each hung call holds one of the threads
    /// that every async test shares (two on this machine), until the whole run stops.
    public init(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        self.output = output.fileHandleForReading.readDataToEndOfFile()
        self.errors = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitForExit()
        status = process.terminationStatus
    }
}

extension Process {
    /// Waits for the process to end, polling for the reason `ToolRun` gives.
    public func waitForExit() {
        while isRunning { usleep(2_000) }
    }
}
