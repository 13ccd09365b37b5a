import ArgumentParser
import BylineCore
import BylineNewsroom
import Foundation
import Logging

/// `byline photos rebuild`: new renditions for every library picture, after a change of
/// sizes or watermark. `byline photos prune`: deletes the files nothing uses any more.
struct PhotosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "photos", abstract: "Manage the photo library's files.", subcommands: [Rebuild.self, Prune.self])

    static func desk(_ settings: Settings, _ command: CommandNewsroom) -> PhotoDesk {
        var logger = Logger(label: "byline")
        logger.logLevel = .warning
        return PhotoDesk(
            library: command.database, newsroom: command.newsroom, processor: settings.photos,
            dataDirectory: settings.dataDirectory, media: settings.dataDirectory.appendingPathComponent("media"),
            clock: .system, logger: logger)
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete renditions and originals that no library photo or article uses any more.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Keep files changed within this many days (pages cached elsewhere may still show them).")
        var days: Double = 7

        func validate() throws {
            guard days >= 0, days.isFinite else { throw ValidationError("--days must be 0 or more") }
        }

        func run() async throws {
            let settings = try storage.settings()
            let command = try await CommandNewsroom(settings)
            let removed: (renditions: Int, originals: Int)
            do {
                removed = try await PhotosCommand.desk(settings, command).prune(olderThan: days * 86_400)
            } catch {
                await command.finish()
                throw error
            }
            await command.finish()
            print("removed \(removed.renditions) renditions and \(removed.originals) originals that nothing uses")
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the renditions of every library photo again (after a size or watermark change); resumable.")

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let settings = try storage.settings()
            let command = try await CommandNewsroom(settings)
            let desk = PhotosCommand.desk(settings, command)
            let started = Date()
            let made: Int
            do {
                made = try await desk.rebuild { done, total in
                    FileHandle.standardOutput.write(Data("\r\(done)/\(total) photos\(done == total ? "\n" : "")".utf8))
                }
            } catch {
                await command.finish()
                throw error
            }
            await command.finish()
            print(String(format: "rebuilt the renditions of %d photos in %.1f s", made, Date().timeIntervalSince(started)))
        }
    }
}
