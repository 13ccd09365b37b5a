import ArgumentParser
import BylineCore
import Foundation

/// `byline import FILE.ndjson`: brings sections and articles in from NDJSON (`-` reads standard input).
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import sections and articles from an NDJSON file (- for standard input).")

    @Argument(help: "The NDJSON file, or - for standard input.")
    var file: String

    @OptionGroup var storage: StorageOptions

    @Option(help: "Records written per transaction.")
    var batchSize = 1000

    func run() async throws {
        let settings = try Settings(flags: ["dataDir": storage.dataDir, "databaseURL": storage.databaseURL])
        let store = try await openStore(settings)
        let handle: FileHandle
        var totalBytes: Int?
        var sourceDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if file == "-" {
            handle = .standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: file) else {
                throw SettingsError("cannot open \(file) for reading")
            }
            handle = opened
            totalBytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
            sourceDirectory = URL(fileURLWithPath: file).deletingLastPathComponent()
        }

        let importer = NDJSONImporter(
            store: store, mediaDirectory: settings.dataDirectory.appendingPathComponent("media"),
            sourceDirectory: sourceDirectory, batchSize: max(1, batchSize))
        let terminal = isatty(STDERR_FILENO) == 1
        let started = Date()
        let report = try await importer.run(handle, totalBytes: totalBytes) { progress in
            if terminal { Terminal.progress(progress) }
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        for failure in report.failures {
            FileHandle.standardError.write(Data("\(failure)\n".utf8))
        }
        if report.failureCount > report.failures.count {
            FileHandle.standardError.write(Data("... and \(report.failureCount - report.failures.count) more failed lines\n".utf8))
        }
        let seconds = Date().timeIntervalSince(started)
        let articles = report.tally.created + report.tally.updated
        print(String(
            format: "imported %d articles (%d new, %d updated) and %d sections from %d lines in %.1f s (%.0f articles/s); %d lines failed",
            articles, report.tally.created, report.tally.updated, report.tally.sections, report.lines, seconds,
            Double(articles) / max(seconds, 0.001), report.failureCount))
        if report.failureCount > 0 { throw ExitCode(1) }
    }
}

/// The one-line progress display on a terminal.
enum Terminal {
    static func progress(_ progress: NDJSONImporter.Progress) {
        let rate = Double(progress.articles) / max(progress.elapsed, 0.001)
        var line = String(format: "\r%d articles · %.0f/s", progress.articles, rate)
        if let total = progress.totalBytes, progress.bytesRead > 0, progress.bytesRead < total {
            let left = progress.elapsed * Double(total - progress.bytesRead) / Double(progress.bytesRead)
            line += String(format: " · about %.0f s left", left)
        }
        FileHandle.standardError.write(Data((line + "   ").utf8))
    }
}
