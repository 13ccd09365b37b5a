import Foundation

/// The exchange format's JSON, typed: one article or section record as it is written and
/// read (snake_case). Every field is optional, so that what is missing is named by
/// `ExchangeDecoder`'s checks, in Korean, rather than by a decoding error.
public struct ArticleJSON: Codable, Hashable, Sendable {
    public var kind: String?
    public var externalID: String?
    public var headline: String?
    public var subheadlines: [String]?
    public var body: String?
    public var section: String?
    public var authors: [BylineJSON]?
    public var tags: [String]?
    public var dateline: String?
    public var breaking: Bool?
    public var publishedAt: String?
    public var photos: [PhotoJSON]?
    public var grade: String?
    public var articleKind: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, headline, subheadlines, body, section, authors, tags, dateline, breaking, photos, grade
        case externalID = "external_id"
        case publishedAt = "published_at"
        case articleKind = "article_kind"
    }

    public init() {}

    /// The record of a document, as `byline export` writes it.
    public init(_ article: ArticleDocument) {
        kind = "article"
        externalID = article.externalID
        headline = article.headline
        subheadlines = article.subheadlines
        body = article.body
        section = article.section.description
        authors = article.authors.map(BylineJSON.init)
        tags = article.tags.map(\.name)
        dateline = article.dateline
        breaking = article.isBreaking
        publishedAt = article.publishedAt.map(KoreanTime.iso8601)
        photos = article.photos.map(PhotoJSON.init)
        grade = article.grade.rawValue
        articleKind = article.kind.rawValue
    }

    /// These fields replaced by `patch`'s, where `patch` has them (`sent` names the keys it
    /// had, so that a field sent as null is cleared rather than kept).
    public func patched(with patch: ArticleJSON, sent: Set<String>) -> ArticleJSON {
        var merged = self
        func take<Value>(_ key: CodingKeys, _ path: WritableKeyPath<ArticleJSON, Value?>) {
            if sent.contains(key.rawValue) { merged[keyPath: path] = patch[keyPath: path] }
        }
        take(.externalID, \.externalID)
        take(.headline, \.headline)
        take(.subheadlines, \.subheadlines)
        take(.body, \.body)
        take(.section, \.section)
        take(.authors, \.authors)
        take(.tags, \.tags)
        take(.dateline, \.dateline)
        take(.breaking, \.breaking)
        take(.photos, \.photos)
        take(.grade, \.grade)
        take(.articleKind, \.articleKind)
        return merged
    }
}

public struct BylineJSON: Codable, Hashable, Sendable {
    public var name: String?
    public var email: String?

    public init(_ byline: Byline) {
        name = byline.name
        email = byline.email
    }
}

public struct PhotoJSON: Codable, Hashable, Sendable {
    /// A picture of the newsroom's photo library, by its number (Admin API), instead of `url` or `file`.
    public var id: Int64?
    public var url: String?
    /// A local file for the importer to copy into the media directory (import only).
    public var file: String?
    public var caption: String?
    public var credit: String?
    public var alt: String?
    public var width: Int?
    public var height: Int?
    public var photographer: BylineJSON?

    public init(_ photo: PhotoDocument) {
        id = photo.library?.rawValue
        url = photo.url
        caption = photo.caption
        credit = photo.credit
        alt = photo.alt
        width = photo.width
        height = photo.height
        photographer = photo.photographer.map(BylineJSON.init)
    }
}

/// A section record.
struct SectionJSON: Codable, Hashable, Sendable {
    var kind: String?
    var slug: String?
    var name: String?
    var position: Int?
}

/// The names of an object's keys, whatever their values: which fields a PATCH sent.
public struct JSONKeys: Decodable, Sendable {
    public let names: Set<String>

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        names = Set(try decoder.container(keyedBy: Key.self).allKeys.map(\.stringValue))
    }
}

extension ExchangeLineError {
    /// What a decoding error means for the person who wrote the JSON: the field, by its
    /// path (`photos[0].width`), and what it should have been.
    public init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String? {
            guard !keys.isEmpty else { return nil }
            return keys.reduce(into: "") { path, key in
                if let index = key.intValue { path += "[\(index)]" } else { path += (path.isEmpty ? "" : ".") + key.stringValue }
            }
        }
        func expected(_ type: Any.Type) -> String {
            switch type {
            case is String.Type: "문자열이어야 합니다."
            case is Int.Type: "정수여야 합니다."
            case is Bool.Type: "true 또는 false여야 합니다."
            case is [String].Type: "문자열 배열이어야 합니다."
            case is [Any].Type: "배열이어야 합니다."
            default: "객체여야 합니다."
            }
        }
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            self.init(field: field, field == nil ? "한 줄은 JSON 객체 하나여야 합니다." : expected(type))
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            self.init(field: field, field == nil ? "JSON으로 읽을 수 없습니다." : "값의 형식이 맞지 않습니다.")
        case .keyNotFound(let key, let context):
            self.init(field: path(context.codingPath + [key]), "필수 항목이 없습니다.")
        @unknown default:
            self.init(field: nil, "JSON으로 읽을 수 없습니다.")
        }
    }
}
