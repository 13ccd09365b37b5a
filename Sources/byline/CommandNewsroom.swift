import BylineCache
import BylineCore
import BylineNewsroom
import Logging

/// The newsroom's services for a command: the web's rules, and announcements that reach
/// every running server on the database (through the database itself, and Redis when set).
struct CommandNewsroom {
    let newsroom: Newsroom
    let database: any NewsDatabase
    let indexNow: IndexNowSubmitter?

    init(_ settings: Settings) async throws {
        let logger = Logger(label: "byline")
        database = try await openDatabase(settings)
        let sections = try await SectionDirectory(store: database)
        let changes = ContentChanges(
            pageCache: nil, sections: sections, generation: ContentGeneration(), shared: try openSharedTier(settings, logger: quietLogger(logger)),
            database: database.invalidations, logger: logger)
        indexNow = settings.indexNow.map {
            IndexNowSubmitter(configuration: $0, publicURL: settings.publicURL ?? "", logger: logger)
        }
        newsroom = Newsroom(
            store: database, desk: database, clock: .system, sections: sections, changes: changes, indexNow: indexNow,
            publicURL: settings.publicURL ?? "")
    }

    /// Sends what IndexNow was given and closes the database, before the command exits.
    func finish() async {
        await indexNow?.flush(within: .seconds(30))
        await database.close()
    }
}
