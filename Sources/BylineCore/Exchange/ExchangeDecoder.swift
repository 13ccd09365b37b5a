import Foundation

/// Why one line of an import file was skipped: the field at fault and a Korean explanation.
public struct ExchangeLineError: Error, Hashable, Sendable, CustomStringConvertible {
    public let field: String?
    public let message: String

    public init(field: String?, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }
}

/// Reads one NDJSON line into a section or an article, checking every field, so that a
/// bad line is refused whole with the reason and never stored in part.
public enum ExchangeDecoder {
    public static func decode(_ line: some Collection<UInt8>) throws(ExchangeLineError) -> ExchangeRecord {
        guard String(validating: line, as: UTF8.self) != nil else {
            throw ExchangeLineError(field: nil, "UTF-8이 아닌 바이트가 있습니다.")
        }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed]) as? [String: Any] else {
                throw ExchangeLineError(field: nil, "한 줄은 JSON 객체 하나여야 합니다.")
            }
            object = parsed
        } catch let error as ExchangeLineError {
            throw error
        } catch {
            throw ExchangeLineError(field: nil, "JSON으로 읽을 수 없습니다.")
        }
        let fields = Fields(object)
        switch try fields.optionalString("kind") ?? "article" {
        case "section": return .section(try section(fields))
        case "article": return .article(try article(fields))
        case let other: throw ExchangeLineError(field: "kind", "알 수 없는 종류 '\(other)'입니다 (section 또는 article).")
        }
    }

    static func section(_ fields: Fields) throws(ExchangeLineError) -> NewSection {
        let slug = try fields.string("slug")
        guard let path = SectionPath(slug) else {
            throw ExchangeLineError(field: "slug", "섹션 경로는 society/seoul처럼 소문자 영문, 숫자, -로 씁니다.")
        }
        let name = try fields.string("name")
        guard !name.isEmpty else { throw ExchangeLineError(field: "name", "섹션 이름이 비었습니다.") }
        return NewSection(path: path, name: name, position: try fields.optionalInt("position") ?? 0)
    }

    static func article(_ fields: Fields) throws(ExchangeLineError) -> ArticleDocument {
        let headline = try fields.string("headline")
        guard !headline.allSatisfy(\.isWhitespace) else { throw ExchangeLineError(field: "headline", "제목이 비었습니다.") }
        let sectionText = try fields.string("section")
        guard let section = SectionPath(sectionText) else {
            throw ExchangeLineError(field: "section", "섹션 경로 '\(sectionText)'를 읽을 수 없습니다.")
        }
        let authors = try fields.objects("authors").enumerated().map { (index, author) throws(ExchangeLineError) in
            try byline(Fields(author), field: "authors[\(index)]")
        }
        guard !authors.isEmpty else { throw ExchangeLineError(field: "authors", "기자가 한 명 이상 있어야 합니다.") }
        var tags: [Tag] = []
        for (index, text) in try fields.strings("tags").enumerated() {
            guard let tag = Tag(text) else { throw ExchangeLineError(field: "tags[\(index)]", "쓸 수 없는 태그입니다.") }
            tags.append(tag)
        }
        var publishedAt: Date?
        if let text = try fields.optionalString("published_at") {
            guard let date = RFC3339.date(from: text) else {
                throw ExchangeLineError(field: "published_at", "2024-10-10T16:23:00+09:00 같은 RFC 3339 시각이어야 합니다.")
            }
            publishedAt = date
        }
        let photos = try fields.objects("photos").enumerated().map { (index, photo) throws(ExchangeLineError) in
            try self.photo(Fields(photo), field: "photos[\(index)]")
        }
        let gradeText = try fields.optionalString("grade") ?? ArticleGrade.normal.rawValue
        guard let grade = ArticleGrade(rawValue: gradeText) else {
            throw ExchangeLineError(field: "grade", "등급은 normal, important, headline 중 하나입니다.")
        }
        let kindText = try fields.optionalString("article_kind") ?? ArticleKind.article.rawValue
        guard let kind = ArticleKind(rawValue: kindText) else {
            throw ExchangeLineError(
                field: "article_kind", "종류는 \(ArticleKind.allCases.map(\.rawValue).joined(separator: ", ")) 중 하나입니다.")
        }
        return ArticleDocument(
            externalID: try fields.optionalString("external_id"), headline: headline,
            subheadlines: try fields.strings("subheadlines"), body: try fields.optionalString("body") ?? "",
            section: section, authors: authors, tags: tags, dateline: try fields.optionalString("dateline"),
            isBreaking: try fields.optionalBool("breaking") ?? false, publishedAt: publishedAt, photos: photos,
            grade: grade, kind: kind)
    }

    static func byline(_ fields: Fields, field: String) throws(ExchangeLineError) -> Byline {
        let name = try fields.string("name", prefix: field)
        let email = try fields.string("email", prefix: field)
        guard email.contains("@"), !email.contains(where: \.isWhitespace) else {
            throw ExchangeLineError(field: "\(field).email", "전자우편 주소가 올바르지 않습니다.")
        }
        return Byline(name: name, email: email)
    }

    static func photo(_ fields: Fields, field: String) throws(ExchangeLineError) -> PhotoDocument {
        // A local file is marked `file:` for the importer, which copies it into the media directory.
        let file = try fields.optionalString("file", prefix: field).map { "file:\($0)" }
        guard let url = try fields.optionalString("url", prefix: field) ?? file, !url.isEmpty else { throw ExchangeLineError(field: "\(field).url", "사진에는 url이나 file이 있어야 합니다.") }
        let photographer: Byline?
        if let object = fields.raw["photographer"] as? [String: Any] {
            photographer = try byline(Fields(object), field: "\(field).photographer")
        } else {
            photographer = nil
        }
        let width = try fields.optionalInt("width", prefix: field)
        let height = try fields.optionalInt("height", prefix: field)
        for (name, value) in [("width", width), ("height", height)] where value.map({ $0 <= 0 }) ?? false {
            throw ExchangeLineError(field: "\(field).\(name)", "양의 정수여야 합니다.")
        }
        return PhotoDocument(
            url: url, caption: try fields.optionalString("caption", prefix: field) ?? "",
            credit: try fields.optionalString("credit", prefix: field) ?? "",
            alt: try fields.optionalString("alt", prefix: field) ?? "", width: width, height: height,
            photographer: photographer)
    }
}

/// Typed access to a JSON object's fields, naming the field when its type is wrong.
struct Fields {
    let raw: [String: Any]

    init(_ raw: [String: Any]) { self.raw = raw }

    private func name(_ key: String, _ prefix: String?) -> String { prefix.map { "\($0).\(key)" } ?? key }

    func string(_ key: String, prefix: String? = nil) throws(ExchangeLineError) -> String {
        guard let value = try optionalString(key, prefix: prefix) else {
            throw ExchangeLineError(field: name(key, prefix), "필수 항목이 없습니다.")
        }
        return value
    }

    func optionalString(_ key: String, prefix: String? = nil) throws(ExchangeLineError) -> String? {
        switch raw[key] {
        case nil, is NSNull: return nil
        case let value as String: return value
        default: throw ExchangeLineError(field: name(key, prefix), "문자열이어야 합니다.")
        }
    }

    func optionalInt(_ key: String, prefix: String? = nil) throws(ExchangeLineError) -> Int? {
        switch raw[key] {
        case nil, is NSNull: return nil
        case let value as NSNumber where !isBoolean(value) && value.doubleValue == value.doubleValue.rounded()
            && abs(value.doubleValue) < 1e15:
            return value.intValue
        default: throw ExchangeLineError(field: name(key, prefix), "정수여야 합니다.")
        }
    }

    func optionalBool(_ key: String) throws(ExchangeLineError) -> Bool? {
        switch raw[key] {
        case nil, is NSNull: return nil
        case let value as NSNumber where isBoolean(value): return value.boolValue
        default: throw ExchangeLineError(field: key, "true 또는 false여야 합니다.")
        }
    }

    func strings(_ key: String) throws(ExchangeLineError) -> [String] {
        switch raw[key] {
        case nil, is NSNull: return []
        case let values as [Any]:
            var strings: [String] = []
            for (index, value) in values.enumerated() {
                guard let string = value as? String else { throw ExchangeLineError(field: "\(key)[\(index)]", "문자열이어야 합니다.") }
                strings.append(string)
            }
            return strings
        default: throw ExchangeLineError(field: key, "문자열 배열이어야 합니다.")
        }
    }

    func objects(_ key: String) throws(ExchangeLineError) -> [[String: Any]] {
        switch raw[key] {
        case nil, is NSNull: return []
        case let values as [Any]:
            var objects: [[String: Any]] = []
            for (index, value) in values.enumerated() {
                guard let object = value as? [String: Any] else { throw ExchangeLineError(field: "\(key)[\(index)]", "객체여야 합니다.") }
                objects.append(object)
            }
            return objects
        default: throw ExchangeLineError(field: key, "객체 배열이어야 합니다.")
        }
    }

    /// Foundation reads JSON `true` as an NSNumber too; only its type encoding, `c`, tells it from `1`.
    private func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}
