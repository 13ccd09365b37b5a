import BylineCore
import BylineMarkup

/// An RSS 2.0 channel with Dublin Core creators and Media RSS photos, the form feed
/// readers, portals and partner outlets take an agency's articles in.
struct RSSFeed {
    let title: String
    let link: String
    let description: String
    let selfURL: String
    let articles: [Article]
    /// The story chains of the articles that have one: their titles carry their place.
    var chains: [ArticleID: StoryChain] = [:]
    let site: SiteContext
    let tree: SectionTree

    func xml() -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">
            <channel>
            <title>\(escapeHTML(title))</title>
            <link>\(escapeHTML(link))</link>
            <description>\(Self.htmlField(description))</description>
            <language>ko</language>
            <atom:link href="\(escapeHTML(selfURL))" rel="self" type="application/rss+xml"/>

            """
        if let newest = articles.map(\.updatedAt).max() {
            xml += "<lastBuildDate>\(KoreanTime.rfc822(newest))</lastBuildDate>\n"
        }
        for article in articles {
            xml += item(article)
        }
        xml += "</channel>\n</rss>\n"
        return xml
    }

    /// RSS readers render `<description>` as HTML, so plain text is escaped as HTML first
    /// and then as XML: a summary about `<script>` shows those characters, never runs them.
    static func htmlField(_ text: String) -> String {
        escapeHTML(escapeHTML(text))
    }

    /// A version of a story is marked in its title by the agency's convention:
    /// `[속보] ...`, `(2보) ...`, `(종합) ...`.
    static func title(_ headline: String, chain: StoryChain?) -> String {
        (chain?.currentLink?.place.titlePrefix ?? "") + headline
    }

    private func item(_ article: Article) -> String {
        let url = site.absolute(Links.article(article.id))
        var xml = """
            <item>
            <title>\(escapeHTML(Self.title(article.headline, chain: chains[article.id])))</title>
            <link>\(escapeHTML(url))</link>
            <guid isPermaLink="true">\(escapeHTML(url))</guid>
            <pubDate>\(KoreanTime.rfc822(article.publishedAt))</pubDate>
            <description>\(Self.htmlField(article.summary))</description>

            """
        for author in article.authors {
            xml += "<dc:creator>\(escapeHTML(author.name))</dc:creator>\n"
        }
        if let section = tree.section(article.sectionID) {
            xml += "<category>\(escapeHTML(section.name))</category>\n"
        }
        // The kind as a category in its own domain, so a reader can filter out press releases.
        xml += "<category domain=\"kind\">\(article.kind.koreanName)</category>\n"
        for photo in article.photos where photo.isShown {
            // A library picture is given as its 1280-pixel rendition, with that rendition's size.
            let width = photo.renditions.map(\.defaultWidth) ?? photo.width
            let height = photo.renditions.map { $0.height(atWidth: $0.defaultWidth) } ?? photo.height
            let size = [width.map { " width=\"\($0)\"" }, height.map { " height=\"\($0)\"" }].compactMap { $0 }.joined()
            xml += """
                <media:content url="\(escapeHTML(site.absolute(photo.url)))" type="\(Self.mediaType(of: photo.url))" medium="image"\(size)>
                <media:description>\(escapeHTML(photo.caption))</media:description>
                <media:credit role="photographer">\(escapeHTML(photo.creditLine))</media:credit>
                </media:content>

                """
        }
        return xml + "</item>\n"
    }

    static func mediaType(of url: String) -> String {
        let ext = url.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return AssetController.mediaTypes[ext] ?? "image/jpeg"
    }
}
