import ArgumentParser
import BylineCore
import BylineNewsroom
import Foundation
import Logging

/// `byline photos rebuild`: new renditions for every library picture, after a change of
/// sizes or watermark.
struct PhotosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "photos", abstract: "Manage the photo library's files.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the renditions of every library photo again (after a size or watermark change); resumable.")

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let settings = try storage.settings()
            let command = try await CommandNewsroom(settings)
            var logger = Logger(label: "byline")
            logger.logLevel = .warning
            let desk = PhotoDesk(
                library: command.database, newsroom: command.newsroom, processor: settings.photos,
                dataDirectory: settings.dataDirectory, media: settings.dataDirectory.appendingPathComponent("media"),
                clock: .system, logger: logger)
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
