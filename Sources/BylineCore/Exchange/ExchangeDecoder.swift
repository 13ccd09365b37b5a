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
        let data = Data(line)
        // Read as an article first, the common case, so that an article line is parsed once;
        // every field is optional, so a section's line reads too, and then again as a section.
        let record = try json(ArticleJSON.self, from: data)
        switch record.kind ?? "article" {
        case "section": return .section(try section(try json(SectionJSON.self, from: data)))
        case "article": return .article(try article(record))
        case let other: throw ExchangeLineError(field: "kind", "알 수 없는 종류 '\(other)'입니다 (section 또는 article).")
        }
    }

    /// A JSON value of the type, or the line error that names the field at fault.
    public static func json<T: Decodable>(_ type: T.Type, from data: Data) throws(ExchangeLineError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw ExchangeLineError(error)
        } catch {
            throw ExchangeLineError(field: nil, "JSON으로 읽을 수 없습니다.")
        }
    }

    static func section(_ json: SectionJSON) throws(ExchangeLineError) -> NewSection {
        let slug = try required(json.slug, "slug")
        guard let path = SectionPath(slug) else {
            throw ExchangeLineError(field: "slug", "섹션 경로는 society/seoul처럼 소문자 영문, 숫자, -로 씁니다.")
        }
        let name = try required(json.name, "name")
        guard !name.isEmpty else { throw ExchangeLineError(field: "name", "섹션 이름이 비었습니다.") }
        return NewSection(path: path, name: name, position: json.position ?? 0)
    }

    /// The document an article record describes, every field checked in the order a person reads them.
    public static func article(_ json: ArticleJSON) throws(ExchangeLineError) -> ArticleDocument {
        let headline = try required(json.headline, "headline")
        guard !headline.allSatisfy(\.isWhitespace) else { throw ExchangeLineError(field: "headline", "제목이 비었습니다.") }
        let sectionText = try required(json.section, "section")
        guard let section = SectionPath(sectionText) else {
            throw ExchangeLineError(field: "section", "섹션 경로 '\(sectionText)'를 읽을 수 없습니다.")
        }
        let authors = try (json.authors ?? []).enumerated().map { (index, author) throws(ExchangeLineError) in
            try byline(author, field: "authors[\(index)]")
        }
        guard !authors.isEmpty else { throw ExchangeLineError(field: "authors", "기자가 한 명 이상 있어야 합니다.") }
        var tags: [Tag] = []
        for (index, text) in (json.tags ?? []).enumerated() {
            guard let tag = Tag(text) else { throw ExchangeLineError(field: "tags[\(index)]", "쓸 수 없는 태그입니다.") }
            tags.append(tag)
        }
        var publishedAt: Date?
        if let text = json.publishedAt {
            guard let date = RFC3339.date(from: text) else {
                throw ExchangeLineError(field: "published_at", "2024-10-10T16:23:00+09:00 같은 RFC 3339 시각이어야 합니다.")
            }
            publishedAt = date
        }
        let photos = try (json.photos ?? []).enumerated().map { (index, photo) throws(ExchangeLineError) in
            try self.photo(photo, field: "photos[\(index)]")
        }
        let gradeText = json.grade ?? ArticleGrade.normal.rawValue
        guard let grade = ArticleGrade(rawValue: gradeText) else {
            throw ExchangeLineError(field: "grade", "등급은 normal, important, headline 중 하나입니다.")
        }
        let kindText = json.articleKind ?? ArticleKind.article.rawValue
        guard let kind = ArticleKind(rawValue: kindText) else {
            throw ExchangeLineError(
                field: "article_kind", "종류는 \(ArticleKind.allCases.map(\.rawValue).joined(separator: ", ")) 중 하나입니다.")
        }
        return ArticleDocument(
            externalID: json.externalID, headline: headline, subheadlines: json.subheadlines ?? [], body: json.body ?? "",
            section: section, authors: authors, tags: tags, dateline: json.dateline, isBreaking: json.breaking ?? false,
            publishedAt: publishedAt, photos: photos, grade: grade, kind: kind)
    }

    static func byline(_ json: BylineJSON, field: String) throws(ExchangeLineError) -> Byline {
        let name = try required(json.name, "\(field).name")
        let email = try required(json.email, "\(field).email")
        guard email.contains("@"), !email.contains(where: \.isWhitespace) else {
            throw ExchangeLineError(field: "\(field).email", "전자우편 주소가 올바르지 않습니다.")
        }
        return Byline(name: name, email: email)
    }

    static func photo(_ json: PhotoJSON, field: String) throws(ExchangeLineError) -> PhotoDocument {
        var library: LibraryPhotoID?
        if let id = json.id {
            guard id > 0 else { throw ExchangeLineError(field: "\(field).id", "사진 번호는 양의 정수여야 합니다.") }
            library = LibraryPhotoID(rawValue: id)
        }
        // A local file is marked `file:` for the importer, which copies it into the media directory;
        // a library picture is named by its newsroom address.
        guard let url = json.url ?? json.file.map({ "file:\($0)" }) ?? library.map({ "/admin/photos/\($0)/image" }), !url.isEmpty else {
            throw ExchangeLineError(field: "\(field).url", "사진에는 url이나 file이 있어야 합니다.")
        }
        let photographer = try json.photographer.map { (person) throws(ExchangeLineError) in
            try byline(person, field: "\(field).photographer")
        }
        for (name, value) in [("width", json.width), ("height", json.height)] where value.map({ $0 <= 0 }) ?? false {
            throw ExchangeLineError(field: "\(field).\(name)", "양의 정수여야 합니다.")
        }
        return PhotoDocument(
            url: url, caption: json.caption ?? "", credit: json.credit ?? "", alt: json.alt ?? "", width: json.width,
            height: json.height, photographer: photographer, library: library)
    }

    static func required(_ value: String?, _ field: String) throws(ExchangeLineError) -> String {
        guard let value else { throw ExchangeLineError(field: field, "필수 항목이 없습니다.") }
        return value
    }
}
