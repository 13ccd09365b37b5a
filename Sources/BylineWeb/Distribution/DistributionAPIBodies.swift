import BylineCore
import Foundation

/// A product as the Admin API reads it: every field optional, so that a PATCH changes only
/// what it sends; a POST must send `name`.
struct ProductRequest: Decodable {
    var name: String?
    var sections: [String]?
    var grades: [String]?
    var kinds: [String]?
    var tags: [String]?
    var breakingOnly: Bool?
    var withPhotos: Bool?

    enum CodingKeys: String, CodingKey {
        case name, sections, grades, kinds, tags
        case breakingOnly = "breaking_only"
        case withPhotos = "with_photos"
    }

    /// `base` with what was sent, every value checked; each problem names its field.
    func product(over base: Product, tree: SectionTree) throws -> Product {
        var problems: [FieldProblem] = []
        var product = base
        if let name {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.count > 100 {
                problems.append(FieldProblem(field: "name", message: "상품 이름은 1~100자로 써 주세요."))
            }
            product.name = trimmed
        }
        if let sections {
            product.filter.sections = sections.compactMap { text in
                guard let path = SectionPath(text), let section = tree.section(at: path) else {
                    problems.append(FieldProblem(field: "sections", message: "없는 섹션입니다: \(text)"))
                    return nil
                }
                return section.id
            }
        }
        if let grades {
            product.filter.grades = Self.values(grades, field: "grades", problems: &problems, ArticleGrade.init(rawValue:))
        }
        if let kinds {
            product.filter.kinds = Self.values(kinds, field: "kinds", problems: &problems, ArticleKind.init(rawValue:))
        }
        if let tags {
            product.filter.tags = Self.values(tags, field: "tags", problems: &problems, Tag.init)
        }
        if let breakingOnly { product.filter.breakingOnly = breakingOnly }
        if let withPhotos { product.filter.photosOnly = withPhotos }
        guard problems.isEmpty else { throw BylineError.invalidFields(problems) }
        return product
    }

    private static func values<Value>(
        _ texts: [String], field: String, problems: inout [FieldProblem], _ make: (String) -> Value?
    ) -> [Value] {
        texts.compactMap { text in
            guard let value = make(text) else {
                problems.append(FieldProblem(field: field, message: "알 수 없는 값입니다: \(text)"))
                return nil
            }
            return value
        }
    }
}

/// A product as the Admin API answers it.
struct ProductBody: Encodable {
    let id: Int64
    let name: String
    let sections: [String]
    let grades: [String]
    let kinds: [String]
    let tags: [String]
    let breakingOnly: Bool
    let withPhotos: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, sections, grades, kinds, tags
        case breakingOnly = "breaking_only"
        case withPhotos = "with_photos"
    }

    init(_ product: Product, tree: SectionTree) {
        id = product.id.rawValue
        name = product.name
        sections = product.filter.sections.compactMap { tree.path(of: $0)?.description }
        grades = product.filter.grades.map(\.rawValue)
        kinds = product.filter.kinds.map(\.rawValue)
        tags = product.filter.tags.map(\.name)
        breakingOnly = product.filter.breakingOnly
        withPhotos = product.filter.photosOnly
    }
}

/// A subscriber as the Admin API reads it, every field optional as for products.
struct SubscriberRequest: Decodable {
    var name: String?
    var contact: String?
    var products: [Int64]?
    var format: String?
    var webhookURL: String??
    var embargoedEarly: Bool?

    enum CodingKeys: String, CodingKey {
        case name, contact, products, format
        case webhookURL = "webhook_url"
        case embargoedEarly = "embargoed_early"
    }

    init(name: String?, contact: String?, products: [Int64]?, format: String?, webhookURL: String??, embargoedEarly: Bool?) {
        (self.name, self.contact, self.products, self.format) = (name, contact, products, format)
        (self.webhookURL, self.embargoedEarly) = (webhookURL, embargoedEarly)
    }

    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        name = try fields.decodeIfPresent(String.self, forKey: .name)
        contact = try fields.decodeIfPresent(String.self, forKey: .contact)
        products = try fields.decodeIfPresent([Int64].self, forKey: .products)
        format = try fields.decodeIfPresent(String.self, forKey: .format)
        // Sent as null, the webhook is taken away; not sent, it stays.
        if fields.contains(.webhookURL) {
            webhookURL = .some(try fields.decodeNil(forKey: .webhookURL) ? nil : try fields.decode(String.self, forKey: .webhookURL))
        } else {
            webhookURL = nil
        }
        embargoedEarly = try fields.decodeIfPresent(Bool.self, forKey: .embargoedEarly)
    }

    /// `base` with what was sent, every value checked; each problem names its field.
    func terms(over base: SubscriberTerms) throws -> SubscriberTerms {
        var problems: [FieldProblem] = []
        var terms = base
        if let name {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.count > 100 {
                problems.append(FieldProblem(field: "name", message: "구독사 이름은 1~100자로 써 주세요."))
            }
            terms.name = trimmed
        }
        if let contact {
            if contact.count > 300 { problems.append(FieldProblem(field: "contact", message: "연락처는 300자까지 쓸 수 있습니다.")) }
            terms.contact = contact.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let products {
            if products.contains(where: { $0 <= 0 }) {
                problems.append(FieldProblem(field: "products", message: "상품 번호는 양의 정수여야 합니다."))
            }
            terms.products = products.filter { $0 > 0 }.map(ProductID.init(rawValue:))
        }
        if let format {
            if let value = DistributionFormat(rawValue: format) {
                terms.format = value
            } else {
                problems.append(FieldProblem(field: "format", message: "format은 ninjs, newsml 또는 both여야 합니다."))
            }
        }
        if let webhookURL {
            if let url = webhookURL, !Self.isWebhook(url) {
                problems.append(FieldProblem(field: "webhook_url", message: "웹훅 주소는 http:// 또는 https://로 시작하는 전체 주소여야 합니다."))
            }
            terms.webhookURL = webhookURL
        }
        if let embargoedEarly { terms.seesEmbargoed = embargoedEarly }
        guard problems.isEmpty else { throw BylineError.invalidFields(problems) }
        return terms
    }

    static func isWebhook(_ text: String) -> Bool {
        guard text.count <= 2000, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}

/// A subscriber as the Admin API answers it; `api_key` and `secret` only when just made.
struct SubscriberBody: Encodable {
    let id: Int64
    let name: String
    let contact: String
    let products: [Int64]
    let format: String
    let webhookURL: String?
    let embargoedEarly: Bool
    let createdAt: String
    let revokedAt: String?
    var apiKey: String?
    var secret: String?

    enum CodingKeys: String, CodingKey {
        case id, name, contact, products, format, secret
        case webhookURL = "webhook_url"
        case embargoedEarly = "embargoed_early"
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
        case apiKey = "api_key"
    }

    init(_ subscriber: Subscriber, apiKey: String? = nil, secret: String? = nil) {
        id = subscriber.id.rawValue
        name = subscriber.name
        contact = subscriber.contact
        products = subscriber.products.map(\.rawValue)
        format = subscriber.format.rawValue
        webhookURL = subscriber.webhookURL
        embargoedEarly = subscriber.seesEmbargoed
        createdAt = KoreanTime.iso8601(subscriber.createdAt)
        revokedAt = subscriber.revokedAt.map(KoreanTime.iso8601)
        self.apiKey = apiKey
        self.secret = secret
    }

    func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: CodingKeys.self)
        try fields.encode(id, forKey: .id)
        try fields.encode(name, forKey: .name)
        try fields.encode(contact, forKey: .contact)
        try fields.encode(products, forKey: .products)
        try fields.encode(format, forKey: .format)
        try fields.encode(webhookURL, forKey: .webhookURL)
        try fields.encode(embargoedEarly, forKey: .embargoedEarly)
        try fields.encode(createdAt, forKey: .createdAt)
        try fields.encode(revokedAt, forKey: .revokedAt)
        try fields.encodeIfPresent(apiKey, forKey: .apiKey)
        try fields.encodeIfPresent(secret, forKey: .secret)
    }
}
