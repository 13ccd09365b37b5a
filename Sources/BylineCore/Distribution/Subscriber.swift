import Foundation

/// Identifies a subscriber: an outlet that receives the agency's stories.
public struct SubscriberID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Reads an id from a URL segment; `nil` for anything but a positive decimal number.
    public init?(_ text: some StringProtocol) {
        guard let value = parsePositiveID(text) else { return nil }
        self.rawValue = value
    }
    public var description: String { String(rawValue) }
}

/// The format an outlet's system reads.
public enum DistributionFormat: String, CaseIterable, Hashable, Sendable {
    /// IPTC ninjs 2.2 (JSON).
    case ninjs
    /// An IPTC NewsML-G2 2.35 NewsItem (XML).
    case newsml
    /// Either, as each request asks.
    case both
}

/// An outlet and what its contract covers. Its API key is kept only as a hash; the webhook's
/// signing secret is kept as it is, since signing needs it.
public struct Subscriber: Hashable, Sendable {
    public var id: SubscriberID
    public var name: String
    public var contact: String
    public var products: [ProductID]
    public var format: DistributionFormat
    /// Where deliveries are POSTed; `nil` for an outlet that only pulls.
    public var webhookURL: String?
    /// Receives embargoed articles before the embargo lifts, marked with it.
    public var seesEmbargoed: Bool
    public var createdAt: Date
    /// When its key stopped working; `nil` while it works.
    public var revokedAt: Date?

    public init(
        id: SubscriberID, name: String, contact: String, products: [ProductID], format: DistributionFormat,
        webhookURL: String?, seesEmbargoed: Bool, createdAt: Date, revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.contact = contact
        self.products = products
        self.format = format
        self.webhookURL = webhookURL
        self.seesEmbargoed = seesEmbargoed
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// A subscriber's terms as an admin sets them: everything but its id and credentials.
public struct SubscriberTerms: Hashable, Sendable {
    public var name: String
    public var contact: String
    public var products: [ProductID]
    public var format: DistributionFormat
    public var webhookURL: String?
    public var seesEmbargoed: Bool

    public init(
        name: String, contact: String = "", products: [ProductID], format: DistributionFormat, webhookURL: String? = nil,
        seesEmbargoed: Bool = false
    ) {
        self.name = name
        self.contact = contact
        self.products = products
        self.format = format
        self.webhookURL = webhookURL
        self.seesEmbargoed = seesEmbargoed
    }
}

/// Products and subscribers, kept by every backend.
public protocol DistributionStore: Sendable {
    func addProduct(name: String, filter: ProductFilter) async throws -> Product
    /// Throws `BylineError.notFound` for an unknown product.
    func updateProduct(_ product: Product) async throws
    /// Subscribers that took it lose it. Throws `BylineError.notFound` for an unknown product.
    func deleteProduct(_ id: ProductID) async throws
    /// Every product, by name.
    func products() async throws -> [Product]

    /// Refuses products that do not exist (`StorageRefusal.unknownProducts`).
    func addSubscriber(_ terms: SubscriberTerms, keyHash: String, secret: String, at now: Date) async throws -> Subscriber
    /// Throws `BylineError.notFound` for an unknown subscriber.
    func updateSubscriber(_ id: SubscriberID, _ terms: SubscriberTerms) async throws -> Subscriber
    /// Every subscriber, revoked ones included, by name.
    func subscribers() async throws -> [Subscriber]
    func subscriber(_ id: SubscriberID) async throws -> Subscriber?
    /// The subscriber whose key has this hash, unless it was revoked.
    func subscriber(keyHash: String) async throws -> Subscriber?
    /// The webhook signing secret.
    func subscriberSecret(_ id: SubscriberID) async throws -> String?
    /// A new key (and secret) in place of the old, which stops working at once; a revoked
    /// subscriber works again.
    func rotateSubscriberKey(_ id: SubscriberID, keyHash: String, secret: String) async throws
    func revokeSubscriber(_ id: SubscriberID, at now: Date) async throws

    /// Changes on the wire after `seq`, oldest first; with `seq` nil, the newest first.
    /// An article appears once, at its latest change.
    func wireChanges(after seq: Int64?, limit: Int) async throws -> [WireChange]
    /// These articles in whatever state they are in (killed and embargoed ones too), for the
    /// wire to filter and describe; in no particular order.
    func wireArticles(_ ids: [ArticleID]) async throws -> [Article]
}
