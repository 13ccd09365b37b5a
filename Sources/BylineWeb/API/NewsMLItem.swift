import BylineCore
import BylineMarkup

/// An article as an IPTC NewsML-G2 2.35 NewsItem, the XML format agencies' wire systems
/// read: the metadata of `Ninjs` in G2's elements, and the body as XHTML inline. It
/// validates against IPTC's XSD (`../shared/standards/newsml-g2`), element order included.
struct NewsMLItem {
    static let contentType = "application/vnd.iptc.g2.newsitem+xml; charset=utf-8"

    let article: Article
    let chain: StoryChain?
    var wire: WireStamp?
    let site: SiteContext
    let tree: SectionTree

    var xml: String {
        var out = XMLText()
        let url = site.absolute(Links.article(article.id))
        let siteName = site.configuration.siteName
        out.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        out.open("newsItem", [
            ("xmlns", "http://iptc.org/std/nar/2006-10-01/"), ("guid", url), ("version", String(wire?.version ?? 1)), ("standard", "NewsML-G2"),
            ("standardversion", "2.35"), ("conformance", "power"), ("xml:lang", "ko"),
        ])
        out.empty("catalogRef", [("href", "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml")])
        out.open("rightsInfo")
        out.open("copyrightHolder")
        out.name(siteName)
        out.close("copyrightHolder")
        out.element("copyrightNotice", "저작권자 © \(siteName) 무단전재 및 재배포 금지")
        out.close("rightsInfo")

        out.open("itemMeta")
        out.empty("itemClass", [("qcode", "ninat:text")])
        out.empty("provider", [("literal", siteName)])
        out.element("versionCreated", KoreanTime.iso8601(article.updatedAt))
        out.element("firstCreated", KoreanTime.iso8601(article.publishedAt))
        if let embargoed = wire?.embargoed { out.element("embargoed", KoreanTime.iso8601(embargoed)) }
        out.empty("pubStatus", [("qcode", "stat:\(wire?.status.rawValue ?? WireStamp.Status.usable.rawValue)")])
        out.empty("link", [("rel", "irel:seeAlso"), ("href", url), ("contenttype", "text/html")])
        if let wire, wire.status != .usable {
            // A withdrawal says only which item to take down.
            out.close("itemMeta")
            out.open("contentMeta")
            out.element("headline", article.headline)
            out.close("contentMeta")
            out.close("newsItem")
            return out.text
        }
        for (index, photo) in article.photos.filter(\.isShown).enumerated() {
            out.empty("link", [
                ("rel", "irel:associatedWith"), ("href", site.absolute(photo.url)),
                ("contenttype", RSSFeed.mediaType(of: photo.url)), ("title", "photo\(index + 1): \(photo.caption)"),
            ])
        }
        for link in chain?.links ?? [] where link.id != article.id {
            out.empty("link", [
                ("rel", "irel:seeAlso"), ("href", site.absolute(Links.article(link.id))), ("contenttype", "text/html"),
                ("title", "[\(link.place.label)] \(link.headline)"),
            ])
        }
        out.close("itemMeta")

        out.open("contentMeta")
        out.element("urgency", String(Ninjs.urgency(article)))
        out.element("contentCreated", KoreanTime.iso8601(article.publishedAt))
        out.element("contentModified", KoreanTime.iso8601(article.updatedAt))
        if let dateline = article.dateline {
            out.open("located")
            out.name(dateline.city)
            out.close("located")
        }
        for author in article.authors {
            out.open("creator", [("uri", site.absolute(Links.reporter(author.id)))])
            out.name(author.name)
            out.close("creator")
        }
        if let section = tree.section(article.sectionID) {
            let path = tree.path(of: section.id)
            out.open("subject", [("type", "cpnat:abstract"), ("literal", "section:\(path?.description ?? section.slug)")])
            out.name(section.name)
            out.close("subject")
        }
        for tag in article.tags {
            out.open("subject", [("type", "cpnat:abstract"), ("literal", "tag:\(tag.name)")])
            out.name(tag.name)
            out.close("subject")
        }
        out.open("genre", [("literal", article.kind.rawValue)])
        out.name(article.kind.koreanName)
        out.close("genre")
        if article.isBreaking {
            out.open("genre", [("literal", "breaking")])
            out.name("속보")
            out.close("genre")
        }
        out.element("headline", article.headline)
        for subheadline in article.subheadlines {
            out.element("headline", subheadline, [("role", "hlrole:sub")])
        }
        out.element("description", article.summary, [("role", "drol:summary")])
        for correction in article.corrections {
            out.element("description", "[\(KoreanTime.iso8601(correction.at))] \(correction.text)", [("role", "drol:correction")])
        }
        out.close("contentMeta")

        out.open("contentSet")
        out.open("inlineXML", [("contenttype", "application/xhtml+xml")])
        out.open("html", [("xmlns", "http://www.w3.org/1999/xhtml")])
        out.open("head")
        out.element("title", article.headline)
        out.close("head")
        let html = BodyHTML.document(of: BodyHTML.stored(article.bodyHTML, markdown: article.body))
        out.line("<body>" + XHTML.body(fromSanitized: html) + "</body>")
        out.close("html")
        out.close("inlineXML")
        out.close("contentSet")
        out.close("newsItem")
        return out.text
    }
}

/// XML written line by line, every text and attribute value escaped (`XHTML.escape`).
private struct XMLText {
    var text = ""

    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        line("<\(name)\(Self.attributes(attributes))>")
    }

    mutating func close(_ name: String) { line("</\(name)>") }

    mutating func empty(_ name: String, _ attributes: [(String, String)]) {
        line("<\(name)\(Self.attributes(attributes))/>")
    }

    mutating func element(_ name: String, _ value: String, _ attributes: [(String, String)] = []) {
        line("<\(name)\(Self.attributes(attributes))>\(XHTML.escape(value))</\(name)>")
    }

    /// A `name` element: G2 allows no line breaks or tabs in one (`g2normalizedString`), so
    /// every run of whitespace becomes one space.
    mutating func name(_ value: String) {
        element("name", Self.singleLine(value))
    }

    static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XHTML.escape(singleLine($0.1)))\"" }.joined()
    }

    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
