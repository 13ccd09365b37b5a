/// An open database: every storage seam, and what the commands need from opening to
/// closing, so that no caller has to know which backend it holds.
///
/// Opening one (SQLite's initialiser, `PostgresNewsStore.open`) migrates it.
public protocol NewsDatabase: NewsStore, NewsroomStore, AccountStore, PhotoLibraryStore, DistributionStore, DeliveryQueue, IngestStore, DashboardStore, ReportsDatabaseUsage {
    /// The names of the migrations applied, oldest first.
    func appliedMigrations() async throws -> [String]

    /// Tells every process on this database (other nodes, a running server when a command
    /// writes) which cached pages to drop.
    var invalidations: any InvalidationChannel { get }

    /// Decides which node runs the scheduled jobs when several serve this database; `nil`
    /// when one process serves it (SQLite), which then always runs them.
    func jobLeadership() -> (any JobLeadership)?

    /// A consistent copy of the whole database in a new file at `path`, taken while the site
    /// serves. Throws `BylineError.invalidInput` when the backend has its own tools for it.
    func backup(to path: String) async throws

    /// Closes the connections; calls after this fail.
    func close() async
}
