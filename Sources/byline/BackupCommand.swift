import ArgumentParser
import BylineCore
import Foundation

/// `byline backup FILE`: a consistent copy of the SQLite database, taken while `serve` runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the SQLite database to FILE while the site keeps serving.")

    @Argument(help: "Where to write the copy; it must not exist yet.") var file: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let database = try await openDatabase(try storage.settings())
        let started = Date()
        do {
            try await database.backup(to: file)
        } catch BylineError.invalidInput(let message) {
            await database.close()
            throw ValidationError(message)
        }
        await database.close()
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print(String(format: "backed up to %@ (%.1f MB) in %.1f s", file, Double(size) / 1_048_576, Date().timeIntervalSince(started)))
    }
}
