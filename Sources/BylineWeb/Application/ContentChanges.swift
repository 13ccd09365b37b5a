import BylineCache
import Logging
import ServiceLifecycle

/// Makes every cached copy follow the newsroom: the shared tier, this node's cache,
/// and, through the invalidation channel, every other node's.
///
/// As a service it listens to the other nodes' announcements for the life of the process.
final class ContentChanges: Service, Sendable {
    private let pageCache: PageCache?
    private let sections: SectionDirectory
    private let shared: SharedTier
    private let logger: Logger
    /// The key that means "everything" in an announcement.
    static let everything = "*"

    init(pageCache: PageCache?, sections: SectionDirectory, shared: SharedTier, logger: Logger) {
        self.pageCache = pageCache
        self.sections = sections
        self.shared = shared
        self.logger = logger
    }

    /// Drops every cached page here and on every node: for changes every page shows (the sections in the navigation).
    func announceEverything() async {
        await shared.pages?.purge(keys: SurrogateKeys.everyList.union([SurrogateKeys.sections]))
        apply(.everything)
        await shared.invalidations?.announce([Self.everything])
    }

    /// Drops every copy carrying one of `keys`, here and on every node.
    func announce(_ keys: Set<String>) async {
        guard !keys.isEmpty else { return }
        // The shared copies first: dropping this node's copies first would let a reader
        // fetch the old shared copy back in between.
        await shared.pages?.purge(keys: keys)
        apply(.keys(keys))
        await shared.invalidations?.announce(keys)
    }

    /// What another node (or a reconnection) asks this node to drop.
    func apply(_ invalidation: Invalidation) {
        switch invalidation {
        case .keys(let keys) where keys.contains(Self.everything):
            sections.markStale()
            pageCache?.removeAll()
        case .keys(let keys):
            pageCache?.invalidate(keys: keys)
        case .everything:
            logger.info("dropping every cached page: invalidations may have been missed while Redis was unreachable")
            sections.markStale()
            pageCache?.removeAll()
        }
    }

    func run() async throws {
        guard let channel = shared.invalidations else {
            // Nothing to listen to on a single node; a service must still last as long as the server.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await channel.listen { [self] invalidation in self.apply(invalidation) }
        }
    }
}
