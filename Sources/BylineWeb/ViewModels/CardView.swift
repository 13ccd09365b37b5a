import BylineCore

/// An article in a list: headline link, optional photo, summary and time.
struct CardView: Sendable {
    let url: String
    let headline: String
    let summary: String
    /// `2025-04-28 12:12`, in Seoul.
    let time: String
    let timeISO: String
    let sectionName: String?
    let photoURL: String?
    let photoAlt: String
    let isBreaking: Bool
    /// 보도자료, 칼럼, ...: shown before the headline; `nil` for an ordinary article.
    let kindLabel: String?
    let isImportant: Bool

    init(_ summary: ArticleSummary, tree: SectionTree) {
        url = Links.article(summary.id)
        headline = summary.headline
        self.summary = summary.summary
        time = KoreanTime.listStamp(summary.publishedAt)
        timeISO = KoreanTime.iso8601(summary.publishedAt)
        sectionName = tree.section(summary.sectionID)?.name
        photoURL = summary.leadPhoto?.url
        photoAlt = summary.leadPhoto?.alt ?? ""
        isBreaking = summary.isBreaking
        kindLabel = summary.kind.isLabelled ? summary.kind.koreanName : nil
        isImportant = summary.grade != .normal
    }
}

/// A link with a label, for breadcrumbs, subsections, tags and tabs.
struct LinkView: Sendable {
    let name: String
    let url: String
    var isCurrent: Bool = false
}
