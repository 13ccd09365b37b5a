import Foundation

/// Writes sections and articles as NDJSON lines, in the form `ExchangeDecoder` reads,
/// with sorted keys so that the same newsroom always exports the same bytes.
public enum ExchangeEncoder {
    public static func line(_ record: ExchangeRecord) -> Data {
        let object: [String: Any]
        switch record {
        case .section(let section):
            object = ["kind": "section", "slug": section.path.description, "name": section.name, "position": section.position]
        case .article(let article):
            object = articleObject(article)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }

    public static func articleObject(_ article: ArticleDocument) -> [String: Any] {
        var object: [String: Any] = [
            "kind": "article",
            "headline": article.headline,
            "subheadlines": article.subheadlines,
            "body": article.body,
            "section": article.section.description,
            "authors": article.authors.map { ["name": $0.name, "email": $0.email] },
            "tags": article.tags.map(\.name),
            "breaking": article.isBreaking,
            "photos": article.photos.map(photoObject),
            "grade": article.grade.rawValue,
            "article_kind": article.kind.rawValue,
        ]
        object["external_id"] = article.externalID
        object["dateline"] = article.dateline
        object["published_at"] = article.publishedAt.map(KoreanTime.iso8601)
        return object
    }

    static func photoObject(_ photo: PhotoDocument) -> [String: Any] {
        var object: [String: Any] = ["url": photo.url, "caption": photo.caption, "credit": photo.credit, "alt": photo.alt]
        object["width"] = photo.width
        object["height"] = photo.height
        object["photographer"] = photo.photographer.map { ["name": $0.name, "email": $0.email] }
        return object
    }
}
