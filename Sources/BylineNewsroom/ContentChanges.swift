import BylineCache
import BylineCore
import Logging
import ServiceLifecycle

/// Makes every cached copy follow the newsroom: the shared tier, this node's cache, and,
/// through the invalidation channels, every other process's: the other nodes, and a
/// running server when the change comes from a command (`byline import`, `byline user`).
///
/// There are up to two channels: Redis pub/sub when Redis is configured, and the database's
/// own (PostgreSQL LISTEN/NOTIFY, or a table SQLite's server polls), which reaches every
/// process on the database whether or not it was given Redis. An announcement goes to both;
/// a node that hears it twice drops the same pages twice, which costs nothing.
///
/// As a service it listens to the others' announcements for the life of the process.
public final class ContentChanges: Service, Sendable {
    private let pageCache: PageCache?
    private let sections: SectionDirectory
    private let sharedPages: (any SharedPageTier)?
    private let channels: [any InvalidationChannel]
    private let logger: Logger
    /// The key that means "everything" in an announcement.
    public static let everything = "*"

    public init(
        pageCache: PageCache?, sections: SectionDirectory, shared: SharedTier, database: (any InvalidationChannel)?, logger: Logger
    ) {
        self.pageCache = pageCache
        self.sections = sections
        self.sharedPages = shared.pages
        self.channels = [shared.invalidations, database].compactMap { $0 }
        self.logger = logger
    }

    /// Drops every cached page here and everywhere else: for changes every page shows (the
    /// sections in the navigation, a reporter's name, an import).
    public func announceEverything() async {
        await sharedPages?.purge(keys: SurrogateKeys.everyList.union([SurrogateKeys.sections]))
        apply(.keys([Self.everything]))
        for channel in channels { await channel.announce([Self.everything]) }
    }

    /// Drops every copy carrying one of `keys`, here and everywhere else.
    public func announce(_ keys: Set<String>) async {
        guard !keys.isEmpty else { return }
        // The shared copies first: dropping this node's copies first would let a reader
        // fetch the old shared copy back in between.
        await sharedPages?.purge(keys: keys)
        apply(.keys(keys))
        for channel in channels { await channel.announce(keys) }
    }

    /// What another process (or a reconnection) asks this node to drop.
    public func apply(_ invalidation: Invalidation) {
        switch invalidation {
        case .keys(let keys) where keys.contains(Self.everything):
            sections.markStale()
            pageCache?.removeAll()
        case .keys(let keys):
            pageCache?.invalidate(keys: keys)
        case .everything:
            logger.info("dropping every cached page: invalidations may have been missed while a channel was down")
            sections.markStale()
            pageCache?.removeAll()
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
