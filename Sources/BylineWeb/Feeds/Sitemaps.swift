import BylineCore
import BylineMarkup
import Foundation

/// The XML search engines read: the sitemap index, per-period article sitemaps,
/// the sections sitemap and the Google News sitemap.
enum Sitemaps {
    /// Google's limit on URLs in one sitemap file.
    static let maxURLs = 50_000
    /// Google News takes articles of the last two days, at most 1,000.
    static let newsWindow: TimeInterval = 2 * 86_400
    static let maxNewsURLs = 1_000

    /// One article sitemap: a Seoul month, or a single day when the month is too big for one file.
    struct Period: Hashable {
        let name: String
        let since: Date
        let until: Date
        let lastModified: Date
    }

    /// Groups archive days into monthly files, splitting a month with more than `maxURLs` articles into days.
    static func periods(_ days: [ArchiveDay]) -> [Period] {
        let months = Dictionary(grouping: days) { $0.day.monthKey }
        return months.keys.sorted().flatMap { month -> [Period] in
            let monthDays = months[month] ?? []
            guard let day = monthDays.first?.day, let lastModified = monthDays.map(\.lastModified).max() else { return [] }
            if monthDays.map(\.articleCount).reduce(0, +) <= maxURLs {
                return [Period(
                    name: "articles-\(month)", since: day.firstOfMonth.start, until: day.firstOfNextMonth.start,
                    lastModified: lastModified)]
            }
            return monthDays.map {
                Period(name: "articles-\($0.day)", since: $0.day.start, until: $0.day.end, lastModified: $0.lastModified)
            }
        }
    }

    /// Finds the period a file name names, `articles-2024-10` or `articles-2024-10-10`.
    static func period(named name: String, in days: [ArchiveDay]) -> Period? {
        periods(days).first { $0.name == name }
    }

    static func index(_ entries: [(url: String, lastModified: Date?)]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for entry in entries {
            xml += "<sitemap><loc>\(escapeHTML(entry.url))</loc>"
            if let lastModified = entry.lastModified { xml += "<lastmod>\(KoreanTime.iso8601(lastModified))</lastmod>" }
            xml += "</sitemap>\n"
        }
        return xml + "</sitemapindex>\n"
    }

    static func urlSet(_ entries: [(url: String, lastModified: Date?)]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for entry in entries {
            xml += "<url><loc>\(escapeHTML(entry.url))</loc>"
            if let lastModified = entry.lastModified { xml += "<lastmod>\(KoreanTime.iso8601(lastModified))</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    static func news(_ articles: [ArticleSummary], publication: String, site: SiteContext) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">

            """
        for article in articles {
            xml += """
                <url><loc>\(escapeHTML(site.absolute(Links.article(article.id))))</loc><news:news>\
                <news:publication><news:name>\(escapeHTML(publication))</news:name><news:language>ko</news:language></news:publication>\
                <news:publication_date>\(KoreanTime.iso8601(article.publishedAt))</news:publication_date>\
                <news:title>\(escapeHTML(article.headline))</news:title></news:news></url>

                """
        }
        return xml + "</urlset>\n"
    }
}
