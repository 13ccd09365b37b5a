import BylineCore

/// An article as the Content API gives it; the same field names as the import format.
struct APIArticle: Encodable {
    struct Author: Encodable {
        let id: Int64
        let name: String
        let email: String
        let url: String
    }

    struct APIPhoto: Encodable {
        let url: String
        let caption: String
        let credit: String
        let alt: String
        let width: Int?
        let height: Int?
    }

    let id: Int64
    let url: String
    let headline: String
    let subheadlines: [String]
    let summary: String
    let body: String
    let section: String
    let sectionName: String
    let authors: [Author]
    let tags: [String]
    let dateline: String?
    let breaking: Bool
    let publishedAt: String
    let updatedAt: String
    let photos: [APIPhoto]
    let grade: String
    let articleKind: String
    let corrections: [APICorrection]
    /// The versions of its story (`null` when it stands alone).
    let chain: APIChainField

    struct APICorrection: Encodable {
        let text: String
        let at: String
    }

    init(_ article: Article, chain: StoryChain? = nil, site: SiteContext, tree: SectionTree) {
        self.chain = APIChainField(chain)
        id = article.id.rawValue
        url = site.absolute(Links.article(article.id))
        headline = article.headline
        subheadlines = article.subheadlines
        summary = article.summary
        body = article.body
        section = tree.path(of: article.sectionID)?.description ?? ""
        sectionName = tree.section(article.sectionID)?.name ?? ""
        authors = article.authors.map {
            Author(id: $0.id.rawValue, name: $0.name, email: $0.email, url: site.absolute(Links.reporter($0.id)))
        }
        tags = article.tags.map(\.name)
        dateline = article.dateline?.city
        breaking = article.isBreaking
        publishedAt = KoreanTime.iso8601(article.publishedAt)
        updatedAt = KoreanTime.iso8601(article.updatedAt)
        photos = article.photos.map {
            APIPhoto(
                url: site.absolute($0.url), caption: $0.caption,
                credit: $0.creditLine, alt: $0.alt, width: $0.width, height: $0.height)
        }
        grade = article.grade.rawValue
        articleKind = article.kind.rawValue
        corrections = article.corrections.map { APICorrection(text: $0.text, at: KoreanTime.iso8601($0.at)) }
    }
}

/// A page of an API list: its items under `itemsKey`, then the cursor and the URL of
/// the next page, both `null` on the last page (not missing keys).
struct APIPage<Item: Encodable>: Encodable {
    let itemsKey: String
    let items: [Item]
    let nextCursor: String?
    let next: String?

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(items, forKey: Key(itemsKey))
        try container.encode(nextCursor, forKey: Key("next_cursor"))
        try container.encode(next, forKey: Key("next"))
    }
}

/// A section and the sections below it.
struct APISection: Encodable {
    let slug: String
    let path: String
    let name: String
    let url: String
    let children: [APISection]

    init(_ section: Section, tree: SectionTree, site: SiteContext) {
        slug = section.slug
        path = tree.path(of: section.id)?.description ?? section.slug
        name = section.name
        url = site.absolute("/section/\(path)")
        children = tree.children(of: section.id).map { APISection($0, tree: tree, site: site) }
    }
}
