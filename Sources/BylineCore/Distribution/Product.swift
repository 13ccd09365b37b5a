/// Identifies a product: one filter over the wire that subscribers buy.
public struct ProductID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Reads an id from a URL segment; `nil` for anything but a positive decimal number.
    public init?(_ text: some StringProtocol) {
        guard let value = parsePositiveID(text) else { return nil }
        self.rawValue = value
    }
    public var description: String { String(rawValue) }
}

/// What a product carries, as its filter: an article passes when it meets every condition
/// that is set. An empty list sets none (every section, every grade...).
public struct ProductFilter: Hashable, Sendable {
    /// Sections, each with its subsections.
    public var sections: [SectionID]
    public var grades: [ArticleGrade]
    public var kinds: [ArticleKind]
    /// The article carries at least one of them.
    public var tags: [Tag]
    public var breakingOnly: Bool
    public var photosOnly: Bool

    public init(
        sections: [SectionID] = [], grades: [ArticleGrade] = [], kinds: [ArticleKind] = [], tags: [Tag] = [],
        breakingOnly: Bool = false, photosOnly: Bool = false
    ) {
        self.sections = sections
        self.grades = grades
        self.kinds = kinds
        self.tags = tags
        self.breakingOnly = breakingOnly
        self.photosOnly = photosOnly
    }

    public func matches(_ article: Article, tree: SectionTree) -> Bool {
        if !sections.isEmpty, !sections.contains(where: { tree.subtree(of: $0).contains(article.sectionID) }) { return false }
        if !grades.isEmpty, !grades.contains(article.grade) { return false }
        if !kinds.isEmpty, !kinds.contains(article.kind) { return false }
        if !tags.isEmpty, !article.tags.contains(where: tags.contains) { return false }
        if breakingOnly, !article.isBreaking { return false }
        if photosOnly, !article.photos.contains(where: \.isShown) { return false }
        return true
    }
}

public struct Product: Hashable, Sendable {
    public var id: ProductID
    public var name: String
    public var filter: ProductFilter

    public init(id: ProductID, name: String, filter: ProductFilter) {
        self.id = id
        self.name = name
        self.filter = filter
    }
}
