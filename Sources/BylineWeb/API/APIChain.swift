import BylineCore

/// A story's versions as the APIs give them (`chain` in an article's JSON): every version's
/// id, first to last, and this article's place (1 first) and label (속보, 2보, 종합).
struct APIChain: Encodable {
    let ids: [Int64]
    let place: Int
    let label: String
    /// The last version, which readers are sent to.
    let newest: Int64

    init?(_ chain: StoryChain?) {
        guard let chain, let index = chain.links.firstIndex(where: { $0.id == chain.current }), let newest = chain.newest else {
            return nil
        }
        ids = chain.links.map(\.id.rawValue)
        place = index + 1
        label = chain.links[index].place.label
        self.newest = newest.id.rawValue
    }
}

/// `chain` as an article's JSON writes it: the object, or `null` for an article that stands
/// alone, never a missing key.
struct APIChainField: Encodable {
    let chain: APIChain?

    init(_ chain: StoryChain?) {
        self.chain = APIChain(chain)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let chain { try container.encode(chain) } else { try container.encodeNil() }
    }
}
