import BylineCore
import Foundation

/// schema.org `NewsArticle` JSON-LD for the article page, as search engines and
/// portals read it.
enum StructuredData {
    static func newsArticle(_ article: Article, site: SiteContext, tree: SectionTree) -> String {
        let url = site.absolute(Links.article(article.id))
        var object: [String: Any] = [
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.headline,
            "description": article.summary,
            "datePublished": KoreanTime.iso8601(article.publishedAt),
            "dateModified": KoreanTime.iso8601(article.updatedAt),
            "inLanguage": "ko-KR",
            "mainEntityOfPage": ["@type": "WebPage", "@id": url],
            "url": url,
            "author": article.authors.map { reporter -> [String: Any] in
                ["@type": "Person", "name": reporter.name, "email": reporter.email,
                 "url": site.absolute(Links.reporter(reporter.id))]
            },
            "publisher": [
                "@type": "Organization", "name": site.configuration.siteName, "url": site.absolute("/"),
                "logo": ["@type": "ImageObject", "url": site.absolute(site.assets.url("logo.svg"))],
            ] as [String: Any],
        ]
        if let section = tree.section(article.sectionID) { object["articleSection"] = section.name }
        object["genre"] = article.kind.koreanName
        if let dateline = article.dateline { object["dateline"] = dateline.city }
        if !article.tags.isEmpty { object["keywords"] = article.tags.map(\.name) }
        if !article.photos.isEmpty {
            object["image"] = article.photos.map { photo -> [String: Any] in
                var image: [String: Any] = ["@type": "ImageObject", "url": site.absolute(photo.url), "caption": photo.caption]
                image["width"] = photo.width
                image["height"] = photo.height
                return image
            }
        }
        return scriptSafeJSON(object)
    }

    /// JSON that can sit inside `<script>`: with `<`, `>` and `&` written as escapes, no text
    /// in it can close the element early or start a comment, whatever an editor typed.
    static func scriptSafeJSON(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }
}
