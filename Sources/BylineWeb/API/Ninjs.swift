import BylineCore
import BylineMarkup
import Foundation

/// An article in IPTC ninjs 2.2, the JSON format news agencies exchange stories in. It
/// validates against IPTC's own schema (`../shared/standards/ninjs`); the README says how
/// each of Byline's fields maps.
struct Ninjs: Encodable {
    struct Text: Encodable {
        var role: String?
        var contenttype: String?
        let value: String
    }

    struct Body: Encodable {
        let role: String
        let contenttype: String
        let charcount: Int
        let value: String
    }

    /// A subject, place, person or genre: what it is called and, where Byline has one, its page.
    struct Name: Encodable {
        let name: String
        var rel: String?
        var uri: String?
        var literal: String?
    }

    struct Rendition: Encodable {
        let name: String
        let href: String
        let contenttype: String
        let width: Int?
        let height: Int?
    }

    struct Association: Encodable {
        let name: String
        let type = "picture"
        let uri: String
        let by: String
        let headlines: [Text]
        let descriptions: [Text]
        let renditions: [Rendition]
    }

    /// Another version of the story (`StoryChain`), `version1` first: its place leads its headline.
    struct VersionAssociation: Encodable {
        let name: String
        let type = "text"
        let uri: String
        let headlines: [Text]
        let versioncreated: String?
    }

    /// A picture or a version of the story.
    enum AnyAssociation: Encodable {
        case picture(Association)
        case version(VersionAssociation)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .picture(let picture): try picture.encode(to: encoder)
            case .version(let version): try version.encode(to: encoder)
            }
        }
    }

    struct AltID: Encodable {
        let role: String
        let value: String
    }

    struct Standard: Encodable {
        let name = "ninjs"
        let version = "2.2"
        let schema = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
    }

    let uri: String
    let type = "text"
    let representationtype = "full"
    let language = "ko"
    let version: String?
    let pubstatus: String
    let embargoed: String?
    let urgency: Int
    let versioncreated: String
    let firstcreated: String
    let by: String
    let people: [Name]
    let located: String?
    let headlines: [Text]
    let descriptions: [Text]
    let bodies: [Body]
    let subjects: [Name]
    let places: [Name]
    let genres: [Name]
    let associations: [AnyAssociation]
    let altids: [AltID]
    let copyrightholder: String
    let copyrightnotice: String
    let standard = Standard()

    init(_ article: Article, chain: StoryChain? = nil, wire: WireStamp? = nil, site: SiteContext, tree: SectionTree) {
        uri = site.absolute(Links.article(article.id))
        version = wire.map { String($0.version) }
        pubstatus = wire?.status.rawValue ?? WireStamp.Status.usable.rawValue
        embargoed = wire?.embargoed.map(KoreanTime.iso8601)
        urgency = Self.urgency(article)
        versioncreated = KoreanTime.iso8601(article.updatedAt)
        firstcreated = KoreanTime.iso8601(article.publishedAt)
        by = article.authors.map { "\($0.name) 기자" }.joined(separator: ", ")
        people = article.authors.map { Name(name: $0.name, rel: "author", uri: site.absolute(Links.reporter($0.id))) }
        located = article.dateline?.city
        headlines = [Text(role: "main", value: article.headline)] + article.subheadlines.map { Text(role: "sub", value: $0) }
        // Corrections are public notices under the article, so they travel with it.
        descriptions = [Text(role: "summary", value: article.summary)]
            + article.corrections.map { Text(role: "correction", value: "[\(KoreanTime.iso8601($0.at))] \($0.text)") }
        let html = BodyHTML.document(of: BodyHTML.stored(article.bodyHTML, markdown: article.body))
        bodies = [
            Body(role: "main", contenttype: "text/markdown", charcount: article.body.count, value: article.body),
            Body(role: "html", contenttype: "text/html", charcount: html.count, value: html),
        ]
        let section = tree.section(article.sectionID).map { section in
            Name(
                name: section.name, rel: "section", uri: tree.path(of: section.id).map { site.absolute(Links.section($0)) },
                literal: tree.path(of: section.id)?.description)
        }
        subjects = (section.map { [$0] } ?? []) + article.tags.map { Name(name: $0.name, rel: "about", uri: site.absolute(Links.tag($0))) }
        places = article.dateline.map { [Name(name: $0.city)] } ?? []
        // The kind (보도자료 must be recognisable downstream), then 속보 for breaking news.
        genres = [Name(name: article.kind.koreanName, literal: article.kind.rawValue)]
            + (article.isBreaking ? [Name(name: "속보", literal: "breaking")] : [])
        let pictures = article.photos.filter(\.isShown).enumerated().map { index, photo in
            let href = site.absolute(photo.url)
            let type = RSSFeed.mediaType(of: photo.url)
            return Association(
                name: "photo\(index + 1)", uri: href,
                by: photo.creditLine,
                headlines: [Text(role: "main", value: photo.alt)],
                descriptions: [Text(role: "caption", value: photo.caption)],
                renditions: photo.renditions.map { Self.renditions($0, site: site) }
                    ?? [Rendition(name: "original", href: href, contenttype: type, width: photo.width, height: photo.height)])
        }
        let versions = (chain?.links ?? []).enumerated().compactMap { index, link -> VersionAssociation? in
            guard link.id != article.id else { return nil }
            return VersionAssociation(
                name: "version\(index + 1)", uri: site.absolute(Links.article(link.id)),
                headlines: [Text(role: "main", value: "[\(link.place.label)] \(link.headline)")],
                versioncreated: link.publishedAt.map(KoreanTime.iso8601))
        }
        associations = pictures.map(AnyAssociation.picture) + versions.map(AnyAssociation.version)
        altids = [AltID(role: "byline-id", value: String(article.id.rawValue)), AltID(role: "grade", value: article.grade.rawValue)]
        copyrightholder = site.configuration.siteName
        copyrightnotice = "저작권자 © \(site.configuration.siteName) 무단전재 및 재배포 금지"
    }

    /// IPTC urgency, 1 the most urgent: breaking news first, then the desk's grade.
    static func urgency(_ article: Article) -> Int {
        if article.isBreaking { return 1 }
        return switch article.grade {
        case .headline: 2
        case .important: 3
        case .normal: 5
        }
    }

    /// Every file of a library picture: `w1280`, `w1280-webp`, ..., then the crops (`16x9`, ...).
    static func renditions(_ renditions: PhotoRenditions, site: SiteContext) -> [Rendition] {
        renditions.files.map { file in
            let webP = file.mediaType == "image/webp"
            let name = file.kind == .full ? "w\(file.width)\(webP ? "-webp" : "")" : file.kind.rawValue
            return Rendition(
                name: name, href: site.absolute("/media/" + file.name), contenttype: file.mediaType, width: file.width, height: file.height)
        }
    }
}

/// A withdrawn article in ninjs (`pubstatus` canceled or withheld): which item to take down,
/// and nothing of its text.
struct NinjsWithdrawal: Encodable {
    let uri: String
    let type = "text"
    let version: String
    let pubstatus: String
    let versioncreated: String
    let headlines: [Ninjs.Text]
    let standard = Ninjs.Standard()

    init(_ article: Article, wire: WireStamp, site: SiteContext) {
        uri = site.absolute(Links.article(article.id))
        version = String(wire.version)
        pubstatus = wire.status.rawValue
        versioncreated = KoreanTime.iso8601(article.updatedAt)
        headlines = [Ninjs.Text(role: "main", value: article.headline)]
    }
}
