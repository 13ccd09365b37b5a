import Foundation
import BylineCore

/// Names for what a response is about, sent as `Surrogate-Key` and kept by the page cache:
/// a change to an article invalidates the pages that carry any of its keys, and no other.
///
/// The blocks every page shows beside its subject (the 속보 ticker, 베스트 기사, related
/// articles) are not among its keys: they refresh with the page's own freshness (30 s for
/// an article page), so that a 속보 does not invalidate every article page at once.
public enum SurrogateKeys {
    public static func article(_ id: ArticleID) -> String { "article-\(id)" }
    public static func section(_ id: SectionID) -> String { "section-\(id)" }
    public static func reporter(_ id: ReporterID) -> String { "reporter-\(id)" }
    /// Tag names are Korean and header values ASCII, so the key spells the name's UTF-8 in hex.
    public static func tag(_ tag: Tag) -> String {
        "tag-" + tag.name.utf8.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
    public static func day(_ day: KoreanDay) -> String { "day-\(day)" }

    public static let home = "home"
    public static let latest = "latest"
    public static let breaking = "breaking"
    public static let popular = "popular"
    public static let search = "search"
    public static let sitemaps = "sitemaps"
    public static let sections = "sections"
    public static let apiArticles = "api-articles"
    /// The Content API's list of killed articles.
    public static let apiKills = "api-kills"

    /// The lists any article may appear in, whatever its section, authors and tags.
    public static let everyList: Set<String> = [home, latest, breaking, popular, search, sitemaps, apiArticles]

    /// The keys of every page that shows an article, to drop when it is published,
    /// updated, corrected or unpublished.
    public static func changed(_ article: Article, tree: SectionTree) -> Set<String> {
        var keys: Set<String> = [
            self.article(article.id), home, latest, search, sitemaps, apiArticles,
            day(KoreanDay(containing: article.publishedAt)),
        ]
        keys.formUnion(tree.lineage(of: article.sectionID).map { section($0.id) })
        keys.formUnion(article.authors.map { reporter($0.id) })
        keys.formUnion(article.tags.map(tag))
        if article.isBreaking { keys.insert(breaking) }
        return keys
    }
}
