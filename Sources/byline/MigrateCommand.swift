import ArgumentParser
import BylinePostgres
import BylineSQLite

/// `byline migrate`: creates the database if needed and brings its schema up to date.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the database schema.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let settings = try Settings(flags: ["dataDir": storage.dataDir, "databaseURL": storage.databaseURL])
        // Opening a store runs every pending migration.
        let store = try await openStore(settings)
        if let sqlite = store as? SQLiteNewsStore {
            print("schema up to date: \(try sqlite.appliedMigrations().joined(separator: ", "))")
        } else if let postgres = store as? PostgresNewsStore {
            print("schema up to date: \(try await postgres.appliedMigrations().joined(separator: ", "))")
            await postgres.close()
        }
    }
}
