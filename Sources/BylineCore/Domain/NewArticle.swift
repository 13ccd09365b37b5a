import Foundation

/// An article as the newsroom hands it to storage to be published.
public struct NewArticle: Sendable {
    public var headline: String
    public var subheadlines: [String]
    public var body: String
    /// Left empty, storage derives one from the body's first paragraph.
    public var summary: String
    public var section: SectionPath
    /// Reporters by e-mail, in byline order.
    public var authorEmails: [String]
    public var tags: [Tag]
    public var dateline: Dateline?
    public var isBreaking: Bool
    public var photos: [NewPhoto]
    public var publishedAt: Date
    public var grade: ArticleGrade
    public var kind: ArticleKind

    public init(
        headline: String, subheadlines: [String] = [], body: String, summary: String = "",
        section: SectionPath, authorEmails: [String], tags: [Tag] = [], dateline: Dateline? = nil,
        isBreaking: Bool = false, photos: [NewPhoto] = [], publishedAt: Date, grade: ArticleGrade = .normal, kind: ArticleKind = .article
    ) {
        self.headline = headline
        self.subheadlines = subheadlines
        self.body = body
        self.summary = summary
        self.section = section
        self.authorEmails = authorEmails
        self.tags = tags
        self.dateline = dateline
        self.isBreaking = isBreaking
        self.photos = photos
        self.publishedAt = publishedAt
        self.grade = grade
        self.kind = kind
    }
}

/// A photo attached to a new article; the photographer is named by e-mail.
public struct NewPhoto: Sendable {
    public var url: String
    public var caption: String
    public var alt: String
    public var photographerEmail: String?
    public var credit: String
    public var takenAt: Date
    public var width: Int?
    public var height: Int?
    public var library: LibraryPhotoID?

    public init(
        url: String, caption: String, alt: String, photographerEmail: String?, credit: String = "",
        takenAt: Date, width: Int?, height: Int?, library: LibraryPhotoID? = nil
    ) {
        self.url = url
        self.caption = caption
        self.alt = alt
        self.photographerEmail = photographerEmail
        self.credit = credit
        self.takenAt = takenAt
        self.width = width
        self.height = height
        self.library = library
    }
}

/// A section as the newsroom defines it and the exchange format carries it: `society/seoul` named 서울시.
public struct NewSection: Hashable, Sendable {
    public var path: SectionPath
    public var name: String
    public var position: Int

    public init(path: SectionPath, name: String, position: Int = 0) {
        self.path = path
        self.name = name
        self.position = position
    }
}

/// A reporter joining the newsroom.
public struct NewReporter: Sendable {
    public var name: String
    public var email: String
    public var beat: String

    public init(name: String, email: String, beat: String = "") {
        self.name = name
        self.email = email
        self.beat = beat
    }
}

extension NewArticle {
    /// A plain-text summary from the first paragraph of Markdown, for lists and share cards.
    public static func summary(fromMarkdown body: String, limit: Int = 120) -> String {
        // Paragraph by paragraph from the top, without splitting (or bridging) the whole body.
        var rest = body[...]
        var firstParagraph = ""
        while !rest.isEmpty {
            let end = rest.firstRange(of: "\n\n")
            let paragraph = String(rest[..<(end?.lowerBound ?? rest.endIndex)]).trimmingWhitespace()
            rest = end.map { rest[$0.upperBound...] } ?? ""
            if !paragraph.isEmpty, !paragraph.hasPrefix("#"), !paragraph.hasPrefix(">"), !paragraph.hasPrefix("!") {
                firstParagraph = paragraph
                break
            }
        }
        let plain = firstParagraph.replacing("**", with: "").replacing("\n", with: " ")
        guard plain.count > limit else { return plain }
        return String(plain.prefix(limit - 1)) + "…"
    }
}
