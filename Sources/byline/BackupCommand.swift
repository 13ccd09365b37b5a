import ArgumentParser
import BylineCore
import BylineSQLite
import Foundation

/// `byline backup FILE`: a consistent copy of the SQLite database, taken while `serve` runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the SQLite database to FILE while the site keeps serving.")

    @Argument(help: "Where to write the copy; it must not exist yet.") var file: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let settings = try Settings(flags: ["dataDir": storage.dataDir, "databaseURL": storage.databaseURL])
        guard let sqlite = try await openStore(settings) as? SQLiteNewsStore else {
            throw ValidationError("backup copies SQLite databases; back PostgreSQL up with pg_dump")
        }
        let started = Date()
        do {
            try sqlite.backup(to: file)
        } catch BylineError.invalidInput(let message) {
            throw ValidationError(message)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print(String(format: "backed up to %@ (%.1f MB) in %.1f s", file, Double(size) / 1_048_576, Date().timeIntervalSince(started)))
    }
}
