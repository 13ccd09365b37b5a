import BylineCore
import Foundation

/// The chrome around every page: head metadata, navigation, the 속보 ticker, footer.
struct LayoutView: Sendable {
    let title: String
    let description: String
    let canonicalURL: String
    let siteName: String
    let cssURL: String
    let logoURL: String
    /// reader.js: the theme switch everywhere, and the article's reader tools.
    let readerScriptURL: String
    /// The sections' menu entries and the footer, rendered once (`SiteChrome`).
    let navigation: String
    let footer: String
    let ticker: [TickerItem]
    /// Templates cannot test an array for emptiness around a wrapper, so the flag is stored.
    let hasTicker: Bool
    let share: ShareView
    /// RSS feeds offered to feed readers: the site's, and the page's own where it has one.
    let feeds: [LinkView]
    /// schema.org JSON-LD for the page, already made safe for a `<script>` element.
    let jsonLD: String?
    /// The footer's legal facts (신문법 §21).
    let masthead: Masthead

    init(
        site: SiteContext, title: String?, description: String, path: String, tree: SectionTree,
        currentRoot: SectionID?, ticker: [TickerItem], share: ShareView?, feed: LinkView? = nil, jsonLD: String? = nil
    ) {
        let siteName = site.configuration.siteName
        self.title = title.map { "\($0) | \(siteName)" } ?? siteName
        self.description = description
        self.canonicalURL = site.absolute(path)
        self.siteName = siteName
        self.masthead = site.configuration.masthead
        self.cssURL = site.assets.url("site.css")
        self.logoURL = site.assets.url("logo.svg")
        self.readerScriptURL = site.assets.url("reader.js")
        self.navigation = site.chrome.navigation(tree, current: currentRoot)
        self.footer = site.chrome.footer
        self.ticker = ticker
        self.hasTicker = !ticker.isEmpty
        self.share = share ?? ShareView(
            type: "website", title: self.title, description: description.isEmpty ? siteName : description,
            url: self.canonicalURL, image: nil, publishedISO: nil, modifiedISO: nil)
        self.feeds = [LinkView(name: siteName, url: site.absolute("/rss.xml"))] + (feed.map { [$0] } ?? [])
        self.jsonLD = jsonLD
    }
}

/// One headline in the 속보 ticker.
struct TickerItem: Sendable {
    let headline: String
    let url: String
    let time: String

    init(_ summary: ArticleSummary) {
        headline = summary.headline
        url = Links.article(summary.id)
        time = KoreanTime.clock(summary.publishedAt)
    }
}

/// Open Graph and Twitter card metadata for pages worth sharing.
struct ShareView: Sendable {
    let type: String
    let title: String
    let description: String
    let url: String
    let image: String?
    var imageWidth: Int? = nil
    var imageHeight: Int? = nil
    let publishedISO: String?
    let modifiedISO: String?
}
