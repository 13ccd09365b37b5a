import ArgumentParser
import BylineCore

/// `byline migrate`: creates the database if needed and brings its schema up to date.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the database schema.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        // Opening a database runs every pending migration.
        let database = try await openDatabase(try storage.settings())
        print("schema up to date: \(try await database.appliedMigrations().joined(separator: ", "))")
        await database.close()
    }
}
