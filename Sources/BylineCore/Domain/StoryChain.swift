import Foundation

/// The versions of one story, as a wire agency sends them: a one-line 속보, then 2보, 3보
/// as facts arrive, and a 종합 that gathers them. Each version is an article of its own;
/// the chain orders them. Its order is its positions, so a chain cannot loop.
public struct StoryChain: Hashable, Sendable {
    public struct Link: Hashable, Sendable {
        public let id: ArticleID
        public let headline: String
        public let place: ChainPlace
        /// When it went public, if it is public (in the chain's reader view, always).
        public let publishedAt: Date?

        public init(id: ArticleID, headline: String, place: ChainPlace, publishedAt: Date?) {
            self.id = id
            self.headline = headline
            self.place = place
            self.publishedAt = publishedAt
        }
    }

    /// Every version, first to last.
    public let links: [Link]
    /// The article the chain was read for.
    public let current: ArticleID

    public init(links: [Link], current: ArticleID) {
        self.links = links
        self.current = current
    }

    /// This article's link.
    public var currentLink: Link? { links.first { $0.id == current } }
    /// The last version: the one lists show, and the one earlier versions point to.
    public var newest: Link? { links.last }
    /// Whether a newer version than this article exists.
    public var isSuperseded: Bool { newest.map { $0.id != current } ?? false }
    /// The versions before this article, oldest first.
    public var earlier: [Link] { Array(links.prefix { $0.id != current }) }
}

extension StoryChain {
    /// Search results with the versions of one story reordered among the places they hold,
    /// the newest first: a reader who finds a story finds its latest version before the
    /// earlier ones, wherever relevance put them. `chains` are the results' public chains.
    public static func newestVersionsFirst<Item>(
        _ items: [Item], id: (Item) -> ArticleID, chains: [ArticleID: StoryChain]
    ) -> [Item] {
        var places: [ArticleID: [Int]] = [:]
        for (index, item) in items.enumerated() {
            if let first = chains[id(item)]?.links.first?.id { places[first, default: []].append(index) }
        }
        var result = items
        for indices in places.values where indices.count > 1 {
            guard let chain = chains[id(items[indices[0]])] else { continue }
            let order = Dictionary(uniqueKeysWithValues: chain.links.enumerated().map { ($1.id, $0) })
            let newestFirst = indices.map { items[$0] }.sorted { (order[id($0)] ?? 0) > (order[id($1)] ?? 0) }
            for (slot, item) in zip(indices, newestFirst) { result[slot] = item }
        }
        return result
    }
}

/// An article's place in its chain: 속보 first, then numbered updates, or 종합, which an
/// editor sets.
public enum ChainPlace: Hashable, Sendable {
    case flash
    case update(Int)
    case roundup

    /// From a version's position (0 first) and the editor's 종합 mark.
    public init(position: Int, isRoundup: Bool) {
        if isRoundup {
            self = .roundup
        } else {
            self = position == 0 ? .flash : .update(position + 1)
        }
    }

    /// 속보, 2보, 3보, 종합.
    public var label: String {
        switch self {
        case .flash: "속보"
        case .update(let number): "\(number)보"
        case .roundup: "종합"
        }
    }

    /// How a feed's title marks it, by the agency's convention: `[속보]`, `(2보)`, `(종합)`.
    public var titlePrefix: String {
        switch self {
        case .flash: "[속보] "
        case .update, .roundup: "(\(label)) "
        }
    }
}

/// An editor's change to a story chain.
public enum ChainEdit: Hashable, Sendable {
    /// Moves the version to this position (0 first); the others keep their order around it.
    case move(to: Int)
    /// Takes the version out of its chain: it stands alone again.
    case detach
    /// Marks the version as the chain's 종합, or takes the mark off.
    case roundup(Bool)

    /// What the audit log says.
    public var description: String {
        switch self {
        case .move(let position): "\(position + 1)번째로 옮김"
        case .detach: "연결에서 뺌"
        case .roundup(true): "종합으로 지정"
        case .roundup(false): "종합 지정 해제"
        }
    }

    /// One stored version of a chain, in order: its article and its 종합 mark.
    public struct Member: Hashable, Sendable {
        public let id: Int64
        public var isRoundup: Bool

        public init(id: Int64, isRoundup: Bool) {
            self.id = id
            self.isRoundup = isRoundup
        }
    }

    /// The chain's versions after this edit of `id`'s; empty when one version is left (a
    /// chain of one is no chain). Storage writes the result whole, positions in its order.
    public func applied(to members: [Member], editing id: Int64) throws -> [Member] {
        var order = members
        guard let index = order.firstIndex(where: { $0.id == id }) else { throw BylineError.notFound }
        switch self {
        case .move(let position):
            guard order.indices.contains(position) else {
                throw BylineError.invalidFields([FieldProblem(field: "position", message: "1~\(order.count) 사이의 순서를 고르세요.")])
            }
            order.insert(order.remove(at: index), at: position)
        case .detach:
            order.remove(at: index)
        case .roundup(let mark):
            order[index].isRoundup = mark
        }
        return order.count < 2 ? [] : order
    }
}
