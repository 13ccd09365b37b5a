import BylineCore
import Foundation

/// One article on the wire in a subscriber's format, as the pull feed lists it and a push
/// delivers it: a ninjs document, a ninjs notice of a kill or withdrawal (without the
/// text), or a NewsML-G2 NewsItem.
enum WireItem: Encodable {
    case ninjs(Ninjs)
    case withdrawal(NinjsWithdrawal)
    case newsML(String)

    /// The article as `stamp` puts it on the wire; a public one with its story chain.
    static func make(_ article: Article, stamp: WireStamp, newsML: Bool, site: SiteContext, tree: SectionTree) async throws -> WireItem {
        let chain = stamp.status == .usable ? try await site.store.storyChain(of: article.id, asOf: site.clock.now) : nil
        if newsML { return .newsML(NewsMLItem(article: article, chain: chain, wire: stamp, site: site, tree: tree).xml) }
        guard stamp.status == .usable else { return .withdrawal(NinjsWithdrawal(article, wire: stamp, site: site)) }
        return .ninjs(Ninjs(article, chain: chain, wire: stamp, site: site, tree: tree))
    }

    /// In a feed's `items`: a ninjs object, or the NewsML-G2 XML as a string.
    func encode(to encoder: any Encoder) throws {
        switch self {
        case .ninjs(let document): try document.encode(to: encoder)
        case .withdrawal(let notice): try notice.encode(to: encoder)
        case .newsML(let xml):
            var container = encoder.singleValueContainer()
            try container.encode(xml)
        }
    }

    /// What a push POSTs: the content type and the body.
    func delivery() throws -> (contentType: String, body: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        switch self {
        case .newsML(let xml): return (NewsMLItem.contentType, xml)
        case .ninjs(let document): return ("application/json; charset=utf-8", String(decoding: try encoder.encode(document), as: UTF8.self))
        case .withdrawal(let notice): return ("application/json; charset=utf-8", String(decoding: try encoder.encode(notice), as: UTF8.self))
        }
    }
}
