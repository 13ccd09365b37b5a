import BylineCore

/// An article in a list: headline link, optional photo, summary and time.
final class CardView: Sendable {
    let url: String
    let headline: String
    let summary: String
    /// `2025-04-28 12:12`, in Seoul.
    let time: String
    let timeISO: String
    let sectionName: String?
    let photoURL: String?
    /// Small renditions of a library picture, for the card's `srcset`.
    let photoSrcset: String?
    /// Every width, for the front page's lead story.
    let photoLargeSrcset: String?
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
        let photo = summary.leadPhoto.flatMap { $0.isShown ? $0 : nil }
        photoURL = photo?.renditions.map { "/media/" + $0.name(width: $0.widths[0], webP: false) } ?? photo?.url
        photoSrcset = photo?.renditions?.srcset(webP: false, maximum: 640)
        photoLargeSrcset = photo?.renditions?.srcset(webP: false)
        photoAlt = photo?.alt ?? ""
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
