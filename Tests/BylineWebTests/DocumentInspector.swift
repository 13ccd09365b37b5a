import Foundation
import Testing

/// Hands a document to `Tests/tools/inspect_document.py`, which reads it with the
/// consumers' own libraries (feedparser, extruct, a strict XML parser), and returns
/// what they saw.
enum DocumentInspector {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tools/inspect_document.py")

    static func inspect(_ kind: String, _ text: String) throws -> [String: Any] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("byline-inspect-\(UUID().uuidString)")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, kind, file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw Failure(description: "inspect_document.py \(kind) failed: \(message)") }
        return object
    }
}
