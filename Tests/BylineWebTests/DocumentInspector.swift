import BylineTestSupport
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
        let run = try ToolRun(["python3", script.path, kind, file.path])
        guard run.status == 0, let object = try JSONSerialization.jsonObject(with: run.output) as? [String: Any]
        else { throw Failure(description: "inspect_document.py \(kind) failed: \(run.errors)") }
        return object
    }

    static let validator = script.deletingLastPathComponent().appendingPathComponent("validate_standard.py")

    /// What IPTC's schema finds wrong with `text` as `kind` (`ninjs` 2.2 or `newsml` G2 2.35):
    /// nothing when it validates. Throws when the validator itself cannot run.
    static func schemaErrors(_ kind: String, _ text: String) throws -> [String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("byline-validate-\(UUID().uuidString)")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try ToolRun(["python3", validator.path, kind, file.path])
        guard run.status == 0, let object = try JSONSerialization.jsonObject(with: run.output) as? [String: Any],
              let valid = object["valid"] as? Bool
        else { throw Failure(description: "validate_standard.py \(kind) failed: \(run.errors) \(String(decoding: run.output, as: UTF8.self))") }
        return valid ? [] : (object["errors"] as? [String] ?? ["invalid"])
    }
}
