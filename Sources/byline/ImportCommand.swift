import ArgumentParser
import BylineCore
import BylineNewsroom
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

    @Option(help: "Keep the import's progress in this file, in Prometheus text format (for node_exporter's textfile collector).")
    var metricsFile: String?

    func run() async throws {
        let settings = try storage.settings()
        let services = try await CommandNewsroom(settings)
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
            store: services.database, mediaDirectory: settings.dataDirectory.appendingPathComponent("media"),
            sourceDirectory: sourceDirectory, batchSize: max(1, batchSize))
        let terminal = isatty(STDERR_FILENO) == 1
        let started = Date()
        let metrics = metricsFile.map(ImportMetricsFile.init(path:))
        // Through the newsroom: running servers drop their cached pages, search engines hear of what was published.
        let report = try await services.newsroom.runImport(importer, reading: handle, totalBytes: totalBytes) { progress in
            if terminal { Terminal.progress(progress) }
            metrics?.write(
                articles: progress.articles, bytesRead: progress.bytesRead, totalBytes: progress.totalBytes,
                elapsed: progress.elapsed, failedLines: nil)
        }
        metrics?.write(
            articles: report.tally.created + report.tally.updated, bytesRead: totalBytes ?? 0, totalBytes: totalBytes,
            elapsed: Date().timeIntervalSince(started), failedLines: report.failureCount)
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
        await services.finish()
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

/// The import's progress as Prometheus text, replaced whole after every batch (written
/// beside the file, then renamed, so a scraper never reads half of it).
struct ImportMetricsFile {
    let path: String

    /// `failedLines` is given once the import has finished.
    func write(articles: Int, bytesRead: Int, totalBytes: Int?, elapsed: TimeInterval, failedLines: Int?) {
        var text = ""
        func metric(_ name: String, _ help: String, _ value: Double) {
            text += "# HELP byline_import_\(name) \(help)\n# TYPE byline_import_\(name) gauge\nbyline_import_\(name) \(value)\n"
        }
        metric("articles", "Articles created or updated by this import so far.", Double(articles))
        metric("bytes_read", "Bytes of the NDJSON input read so far.", Double(bytesRead))
        if let total = totalBytes { metric("bytes_total", "Size of the NDJSON input.", Double(total)) }
        metric("elapsed_seconds", "Seconds since the import started.", elapsed)
        metric("finished", "1 once the import has finished.", failedLines == nil ? 0 : 1)
        if let failedLines { metric("failed_lines", "Lines refused by the import.", Double(failedLines)) }
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        _ = rename(temporary, path)
    }
}
