import Foundation

/// An article as the NDJSON import and export carry it (DESIGN §3): the newsroom's
/// words with names instead of ids, so that a file moves between installations.
public struct ArticleDocument: Hashable, Sendable {
    /// The article's id in the system it came from; importing it again updates it.
    public var externalID: String?
    public var headline: String
    public var subheadlines: [String]
    public var body: String
    public var section: SectionPath
    public var authors: [Byline]
    public var tags: [Tag]
    public var dateline: String?
    public var isBreaking: Bool
    /// When it goes (or went) public; without it the article stays a draft.
    public var publishedAt: Date?
    public var photos: [PhotoDocument]
    /// `grade` in JSON: normal, important or headline.
    public var grade: ArticleGrade
    /// `article_kind` in JSON (`kind` already names the NDJSON record): article, press_release, ...
    public var kind: ArticleKind
    /// The body's HTML, when it was rendered before the document reached storage (an import
    /// renders each batch while the store writes the one before); never read from a file.
    /// Storage renders the body itself when it is `nil`.
    public var renderedBody: String?

    public init(
        externalID: String? = nil, headline: String, subheadlines: [String] = [], body: String, section: SectionPath,
        authors: [Byline], tags: [Tag] = [], dateline: String? = nil, isBreaking: Bool = false, publishedAt: Date?,
        photos: [PhotoDocument] = [], grade: ArticleGrade = .normal, kind: ArticleKind = .article
    ) {
        self.externalID = externalID
        self.headline = headline
        self.subheadlines = subheadlines
        self.body = body
        self.section = section
        self.authors = authors
        self.tags = tags
        self.dateline = dateline
        self.isBreaking = isBreaking
        self.publishedAt = publishedAt
        self.photos = photos
        self.grade = grade
        self.kind = kind
    }
}

extension ArticleDocument {
    /// The content to store, as of `now`: photos dated now, and now as the publication
    /// time when the document names none (the workflow sets the real one).
    public func newArticle(at now: Date) -> NewArticle {
        NewArticle(
            headline: headline, subheadlines: subheadlines, body: body, section: section, authorEmails: authors.map(\.email),
            tags: tags, dateline: dateline.map(Dateline.init(city:)), isBreaking: isBreaking,
            photos: photos.map {
                NewPhoto(url: $0.url, caption: $0.caption, alt: $0.alt, photographerEmail: $0.photographer?.email, credit: $0.credit,
                         takenAt: now, width: $0.width, height: $0.height, library: $0.library)
            },
            publishedAt: publishedAt ?? now, grade: grade, kind: kind)
    }
}

/// A person named in a byline or a photo credit, known by e-mail.
public struct Byline: Hashable, Sendable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// A photo in an exchanged article: a URL, or a local file the importer copies to media.
public struct PhotoDocument: Hashable, Sendable {
    public var url: String
    public var caption: String
    public var credit: String
    public var alt: String
    public var width: Int?
    public var height: Int?
    public var photographer: Byline?
    /// The library picture it shows; not part of the exchange format, which carries `url`.
    public var library: LibraryPhotoID?

    public init(
        url: String, caption: String, credit: String = "", alt: String, width: Int? = nil, height: Int? = nil,
        photographer: Byline? = nil, library: LibraryPhotoID? = nil
    ) {
        self.url = url
        self.caption = caption
        self.credit = credit
        self.alt = alt
        self.width = width
        self.height = height
        self.photographer = photographer
        self.library = library
    }
}

/// One line of an NDJSON exchange file.
public enum ExchangeRecord: Hashable, Sendable {
    /// `{"kind": "section", "slug": "society/seoul", "name": "서울시"}`
    case section(NewSection)
    case article(ArticleDocument)
}

/// What importing one record did.
public enum ImportOutcome: Hashable, Sendable {
    case sectionSaved
    case articleCreated(ArticleID)
    case articleUpdated(ArticleID)
    /// The record was refused and nothing of it was stored; the text says why.
    case failed(String)
}

/// What an import wrote.
public struct ImportTally: Hashable, Sendable {
    public var sections = 0
    public var created = 0
    public var updated = 0

    public init() {}
}
