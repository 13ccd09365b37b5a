import BylineCore

/// Everything the article page shows, in the order of the agency page.
struct ArticlePage: Sendable {
    struct ReporterView: Sendable {
        let name: String
        let url: String
        let email: String
    }

    let layout: LayoutView
    let breadcrumb: [LinkView]
    let headline: String
    let subheadlines: [String]
    let publishedStamp: String
    let publishedISO: String
    let updatedStamp: String
    let updatedISO: String
    let body: [BodyBlock]
    let reporters: [ReporterView]
    let tags: [LinkView]
    let related: [CardView]
    let best: [CardView]
    let isBreaking: Bool
    /// 정정 notices, each with its date.
    let corrections: [CorrectionNotice]
    /// 보도자료, 칼럼, ...; `nil` for an ordinary article. (Not `kindLabel`: Mustache would
    /// find this one from inside the cards of articles that have none.)
    let articleKindLabel: String?

    struct CorrectionNotice: Sendable {
        let text: String
        let stamp: String
        let iso: String
    }

    init(
        article: Article, layout: LayoutView, tree: SectionTree, renderer: ArticleBodyRenderer,
        related: [ArticleSummary], best: [ArticleSummary]
    ) {
        self.layout = layout
        breadcrumb = tree.lineage(of: article.sectionID).compactMap { section in
            tree.path(of: section.id).map { LinkView(name: section.name, url: Links.section($0)) }
        }
        headline = article.headline
        subheadlines = article.subheadlines
        publishedStamp = KoreanTime.articleStamp(article.publishedAt)
        publishedISO = KoreanTime.iso8601(article.publishedAt)
        updatedStamp = KoreanTime.articleStamp(article.updatedAt)
        updatedISO = KoreanTime.iso8601(article.updatedAt)
        body = renderer.blocks(for: article)
        reporters = article.authors.map {
            ReporterView(name: $0.name, url: Links.reporter($0.id), email: $0.email)
        }
        tags = article.tags.map { LinkView(name: "#\($0.name)", url: Links.tag($0)) }
        self.related = related.map { CardView($0, tree: tree) }
        self.best = best.map { CardView($0, tree: tree) }
        isBreaking = article.isBreaking
        articleKindLabel = article.kind.isLabelled ? article.kind.koreanName : nil
        corrections = article.corrections.map {
            CorrectionNotice(text: $0.text, stamp: KoreanTime.articleStamp($0.at), iso: KoreanTime.iso8601($0.at))
        }
    }
}
