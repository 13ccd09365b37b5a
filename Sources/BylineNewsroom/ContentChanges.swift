import BylineCache
import BylineCore
import Logging
import ServiceLifecycle

/// Makes every cached copy follow the newsroom: the shared tier, this node's cache, and,
/// through the invalidation channels, every other process's: the other nodes, and a
/// running server when the change comes from a command (`byline import`, `byline user`).
///
/// Pages that show changed content are marked stale (served while a render replaces them,
/// and through a database outage); pages a reader must never see again are purged. The
/// shared tier's copies are dropped either way: every node keeps its own stale copy.
///
/// There are up to two channels: Redis pub/sub when Redis is configured, and the database's
/// own (PostgreSQL LISTEN/NOTIFY, or a table SQLite's server polls), which reaches every
/// process on the database whether or not it was given Redis. An announcement goes to both;
/// a node that hears it twice marks the same pages twice, which costs nothing.
///
/// As a service it listens to the others' announcements for the life of the process.
public final class ContentChanges: Service, Sendable {
    private let pageCache: PageCache?
    private let sections: SectionDirectory
    private let generation: ContentGeneration
    private let sharedPages: (any SharedPageTier)?
    private let channels: [any InvalidationChannel]
    private let logger: Logger

    public init(
        pageCache: PageCache?, sections: SectionDirectory, generation: ContentGeneration, shared: SharedTier,
        database: (any InvalidationChannel)?, logger: Logger
    ) {
        self.pageCache = pageCache
        self.sections = sections
        self.generation = generation
        self.sharedPages = shared.pages
        self.channels = [shared.invalidations, database].compactMap { $0 }
        self.logger = logger
    }

    /// Marks every cached page stale, here and everywhere else: for changes every page shows
    /// (the sections in the navigation, a reporter's name, an import).
    public func announceEverything() async {
        await sharedPages?.purge(keys: SurrogateKeys.everyList.union([SurrogateKeys.sections]))
        await announce(.everything)
    }

    /// Purges the copies carrying one of `purging` and marks stale those carrying one of
    /// `keys`, here and everywhere else.
    public func announce(_ keys: Set<String>, purging: Set<String> = []) async {
        let stale = keys.subtracting(purging)
        guard !stale.isEmpty || !purging.isEmpty else { return }
        // The shared copies first: dealing with this node's copies first would let a
        // render here fetch the old shared copy back in between.
        await sharedPages?.purge(keys: stale.union(purging))
        if !purging.isEmpty { await announce(.purge(purging)) }
        if !stale.isEmpty { await announce(.stale(stale)) }
    }

    private func announce(_ invalidation: Invalidation) async {
        apply(invalidation)
        for channel in channels { await channel.announce(invalidation) }
    }

    /// What another process (or a reconnection) asks this node to do.
    public func apply(_ invalidation: Invalidation) {
        // Before the pages: a render the marking starts must not reuse the old blocks.
        generation.advance()
        switch invalidation {
        case .stale(let keys):
            pageCache?.markStale(keys: keys)
        case .purge(let keys):
            pageCache?.purge(keys: keys)
        case .everything:
            logger.info("marking every cached page stale: a change every page shows, or invalidations were missed")
            sections.markStale()
            pageCache?.markAllStale()
        }
    }

    public func run() async throws {
        guard !channels.isEmpty else {
            // Nothing to listen to; a service must still last as long as the server.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for channel in self.channels {
                    group.addTask { await channel.listen { [self] invalidation in self.apply(invalidation) } }
                }
            }
        }
    }
}
