import ArgumentParser
import BylineAccounts
import BylineCore
import BylineIngest
import BylineNewsroom
import Foundation
import Logging

/// `byline source add|list`: the partners whose items the newsroom receives.
struct SourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source", abstract: "Manage wire sources (partners whose items arrive in the 수신 queue).",
        subcommands: [SourceAddCommand.self, SourceListCommand.self])
}

/// `byline source add`: prints the new source's API key once, as its last line.
struct SourceAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a wire source; its API key is shown once.")

    @Option(help: "The name credited in the dateline, [워싱턴 NAME=...].") var name: String
    @Option(name: .customLong("feed"), help: "An RSS or Atom feed to poll every five minutes.") var feed: String?
    @OptionGroup var storage: StorageOptions

    func validate() throws {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...60).contains(trimmed.count) else { throw ValidationError("--name must be 1 to 60 characters") }
        if let feed, !(feed.hasPrefix("http://") || feed.hasPrefix("https://")) { throw ValidationError("--feed must be an http:// or https:// address") }
    }

    func run() async throws {
        let database = try await openDatabase(try storage.settings())
        let key = Credentials.newToken()
        let source: WireSource
        do {
            source = try await database.addSource(
                name: name.trimmingCharacters(in: .whitespacesAndNewlines), feedURL: feed, keyHash: Credentials.tokenHash(key), at: Date())
        } catch let refusal as StorageRefusal {
            await database.close()
            throw ValidationError(refusal.explanation)
        }
        await database.close()
        print("source \(source.id) \(source.name)\(feed.map { " polling \($0)" } ?? ""); its key is not stored and will not be shown again:")
        print(key)
    }
}

struct SourceListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List wire sources.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let database = try await openDatabase(try storage.settings())
        let sources = try await database.sources()
        await database.close()
        for source in sources {
            print([String(source.id.rawValue), source.name, source.feedURL ?? "-", source.revokedAt == nil ? "active" : "revoked"].joined(separator: "\t"))
        }
    }
}

/// `byline ingest DIR`: takes the files a partner drops in a directory (an FTP drop) into
/// the 수신 queue, each once: a file taken moves to `DIR/done/`, a refused one to
/// `DIR/rejected/` beside a `.reason.txt` saying why. A file still being written (its size
/// or time changed since the last look) waits for the next look. With `--once`, takes what
/// is there and exits; otherwise it watches until stopped.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Take ninjs (.json) and NewsML-G2 (.xml) files dropped in a directory into the 수신 queue.")

    @Argument(help: "The directory partners drop files in.") var directory: String
    @Option(help: "The source the files come from (its name or id, see 'byline source list').") var source: String
    @Flag(help: "Take the files there now and exit, instead of watching.") var once = false
    @Option(help: "Seconds between looks at the directory while watching.") var interval: Double = 5
    @OptionGroup var storage: StorageOptions

    func validate() throws {
        guard interval >= 0.1, interval <= 3600 else { throw ValidationError("--interval must be between 0.1 and 3600 seconds") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("'\(directory)' is not a directory")
        }
    }

    func run() async throws {
        let settings = try storage.settings()
        let command = try await CommandNewsroom(settings)
        var logger = Logger(label: "byline")
        logger.logLevel = .warning
        let desk = WireDesk(store: command.database, newsroom: command.newsroom, photos: nil, clock: .system, logger: logger)
        let sources = try await command.database.sources()
        guard let from = sources.first(where: { $0.name == source || String($0.id.rawValue) == source }), from.revokedAt == nil else {
            await command.finish()
            throw ValidationError("no active source '\(source)'; add one with 'byline source add --name ...' or at /admin/sources")
        }
        let drop = DropDirectory(url: URL(fileURLWithPath: directory))
        var tally = (taken: 0, refused: 0)
        var previous: [String: DropDirectory.Look] = [:]
        repeat {
            let (ready, looks) = drop.readyFiles(since: once ? nil : previous)
            previous = looks
            for file in ready {
                switch await take(file, drop: drop, desk: desk, source: from) {
                case .taken: tally.taken += 1
                case .refused: tally.refused += 1
                case .later: break
                }
            }
            if !once { try await Task.sleep(for: .seconds(interval)) }
        } while !once
        await command.finish()
        print("\(tally.taken) taken, \(tally.refused) refused")
    }

    enum Outcome { case taken, refused, later }

    func take(_ file: URL, drop: DropDirectory, desk: WireDesk, source: WireSource) async -> Outcome {
        let name = file.lastPathComponent
        do {
            let size = (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
            guard size <= IncomingDecoder.maximumBytes else { throw IngestProblem.tooLarge(limit: IncomingDecoder.maximumBytes) }
            let bytes = [UInt8](try Data(contentsOf: file))
            let kind = try IncomingDecoder.kind(fileName: name, bytes: bytes)
            let kept = try await desk.receive(bytes, kind: kind, from: source, via: "drop")
            try drop.move(file, to: "done")
            for (item, outcome) in kept { print("\(name): \(outcome.rawValue) \(item.content.guid) version \(item.version)") }
            return .taken
        } catch let problem as IngestProblem {
            do {
                try drop.move(file, to: "rejected", reason: problem.explanation)
            } catch {
                print("\(name): refused (\(problem.explanation)) but could not be moved aside: \(error.localizedDescription)")
            }
            print("\(name): refused: \(problem.explanation)")
            return .refused
        } catch {
            // The database may be away: the file stays for the next look.
            print("\(name): not taken yet (\(error)); will try again")
            return .later
        }
    }
}

/// The directory partners drop files in, with `done/` and `rejected/` beside the files.
struct DropDirectory {
    let url: URL

    /// What a file looked like at one look: a file whose look did not change since the
    /// previous one is no longer being written.
    struct Look: Equatable {
        let size: Int
        let modified: Date
    }

    /// The visible regular files in the directory, by name, that are ready: all of them
    /// when `previous` is nil, else those whose look has not changed since it.
    func readyFiles(since previous: [String: Look]?) -> ([URL], [String: Look]) {
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]
        let files = (try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])) ?? []
        var looks: [String: Look] = [:]
        var ready: [URL] = []
        for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            guard let values = try? file.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            let look = Look(size: values.fileSize ?? 0, modified: values.contentModificationDate ?? .distantPast)
            looks[file.lastPathComponent] = look
            if previous == nil || previous?[file.lastPathComponent] == look { ready.append(file) }
        }
        return (ready, looks)
    }

    /// Moves `file` into the subdirectory `folder`, under a new name if one is taken, with
    /// `reason` written beside it.
    func move(_ file: URL, to folder: String, reason: String? = nil) throws {
        let target = url.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        var destination = target.appendingPathComponent(file.lastPathComponent)
        if FileManager.default.fileExists(atPath: destination.path) {
            destination = target.appendingPathComponent("\(Int(Date().timeIntervalSince1970 * 1000))-\(file.lastPathComponent)")
        }
        try FileManager.default.moveItem(at: file, to: destination)
        if let reason { try Data((reason + "\n").utf8).write(to: destination.appendingPathExtension("reason.txt")) }
    }
}
