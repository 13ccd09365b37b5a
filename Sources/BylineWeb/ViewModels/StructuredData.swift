import BylineCore
import Foundation

/// schema.org `NewsArticle` JSON-LD for the article page, as search engines and
/// portals read it.
enum StructuredData {
    static func newsArticle(_ article: Article, site: SiteContext, tree: SectionTree) -> String {
        let url = site.absolute(Links.article(article.id))
        let document = NewsArticle(
            headline: article.headline, description: article.summary,
            datePublished: KoreanTime.iso8601(article.publishedAt), dateModified: KoreanTime.iso8601(article.updatedAt),
            mainEntityOfPage: Thing(type: "WebPage", id: url), url: url,
            author: article.authors.map {
                Person(name: $0.name, email: $0.email, url: site.absolute(Links.reporter($0.id)))
            },
            publisher: Organization(
                name: site.configuration.siteName, url: site.absolute("/"),
                logo: Image(url: site.absolute(site.assets.url("logo.svg")))),
            articleSection: tree.section(article.sectionID)?.name, genre: article.kind.koreanName,
            dateline: article.dateline?.city, keywords: article.tags.isEmpty ? nil : article.tags.map(\.name),
            image: article.photos.isEmpty ? nil : article.photos.map {
                Image(url: site.absolute($0.url), caption: $0.caption, width: $0.width, height: $0.height)
            })
        return scriptSafeJSON(document)
    }

    /// JSON that can sit inside `<script>`: with `<`, `>` and `&` written as escapes, no text
    /// in it can close the element early or start a comment, whatever an editor typed. The
    /// three characters only occur inside JSON strings, where the escapes mean the same.
    static func scriptSafeJSON(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        var safe: [UInt8] = []
        safe.reserveCapacity(data.count + 64)
        for byte in data {
            switch byte {
            case UInt8(ascii: "<"): safe += Array(#"\u003c"#.utf8)
            case UInt8(ascii: ">"): safe += Array(#"\u003e"#.utf8)
            case UInt8(ascii: "&"): safe += Array(#"\u0026"#.utf8)
            default: safe.append(byte)
            }
        }
        return String(decoding: safe, as: UTF8.self)
    }

    struct NewsArticle: Encodable {
        let context = "https://schema.org"
        let type = "NewsArticle"
        let inLanguage = "ko-KR"
        let headline: String
        let description: String
        let datePublished: String
        let dateModified: String
        let mainEntityOfPage: Thing
        let url: String
        let author: [Person]
        let publisher: Organization
        let articleSection: String?
        let genre: String
        let dateline: String?
        let keywords: [String]?
        let image: [Image]?

        enum CodingKeys: String, CodingKey {
            case context = "@context", type = "@type"
            case inLanguage, headline, description, datePublished, dateModified, mainEntityOfPage, url, author, publisher
            case articleSection, genre, dateline, keywords, image
        }
    }

    struct Thing: Encodable {
        let type: String
        let id: String
        enum CodingKeys: String, CodingKey { case type = "@type", id = "@id" }
    }

    struct Person: Encodable {
        let type = "Person"
        let name: String
        let email: String
        let url: String
        enum CodingKeys: String, CodingKey { case type = "@type", name, email, url }
    }

    struct Organization: Encodable {
        let type = "Organization"
        let name: String
        let url: String
        let logo: Image
        enum CodingKeys: String, CodingKey { case type = "@type", name, url, logo }
    }

    struct Image: Encodable {
        let type = "ImageObject"
        let url: String
        var caption: String?
        var width: Int?
        var height: Int?
        enum CodingKeys: String, CodingKey { case type = "@type", url, caption, width, height }
    }
}
