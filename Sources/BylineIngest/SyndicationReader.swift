import BylineCore
import BylineMarkup
import Foundation

/// Reads a partner's RSS 2.0 or Atom feed into items. Feeds carry no version: an entry
/// whose content changes is counted as the next version by the store.
enum SyndicationReader {
    static let atom = "http://www.w3.org/2005/Atom"
    static let mediaRSS = "http://search.yahoo.com/mrss/"

    static func items(_ root: SafeXML.Element) throws -> [IncomingContent] {
        switch (root.name, root.namespace) {
        case ("rss", _):
            guard let channel = root.element("channel") else { throw IngestProblem.wrongSchema("RSS에 channel이 없습니다.") }
            return channel.elements("item").prefix(500).compactMap(rssItem)
        case ("feed", atom):
            return root.elements("entry").prefix(500).compactMap(atomEntry)
        default:
            throw IngestProblem.wrongSchema("RSS나 Atom 피드가 아닙니다 (최상위 요소: \(root.name)).")
        }
    }

    static func rssItem(_ item: SafeXML.Element) -> IncomingContent? {
        let link = item.element("link")?.text ?? ""
        let guid = item.element("guid")?.text.nonEmptyTrimmed ?? link.nonEmptyTrimmed
        guard let guid, let headline = item.element("title")?.text.nonEmptyTrimmed else { return nil }
        let html = item.children.compactMap { node -> SafeXML.Element? in
            if case .element(let element) = node, element.name == "encoded" { element } else { nil }
        }.first?.text ?? item.element("description")?.text ?? ""
        var photos = item.elements("enclosure").compactMap { enclosure -> IncomingPhoto? in
            guard (enclosure.attributes["type"] ?? "").hasPrefix("image/"), let url = enclosure.attributes["url"], isWebAddress(url) else { return nil }
            return IncomingPhoto(url: url)
        }
        photos += mediaPhotos(item)
        return IncomingContent(
            guid: guid, version: nil, format: .rss, headline: headline, bodyHTML: IncomingHTML.sanitize(html),
            byline: (item.element("creator") ?? item.element("author"))?.text ?? "",
            link: isWebAddress(link) ? link : "", photos: photos,
            sentAt: item.element("pubDate").flatMap { ISODate.readRFC822($0.text) })
    }

    static func atomEntry(_ entry: SafeXML.Element) -> IncomingContent? {
        guard let guid = entry.element("id")?.text.nonEmptyTrimmed, let headline = entry.element("title")?.text.nonEmptyTrimmed else {
            return nil
        }
        let links = entry.elements("link")
        let page = links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" }?.attributes["href"] ?? ""
        let body = entry.element("content") ?? entry.element("summary")
        let html: String = switch body?.attributes["type"] {
        case "xhtml": body.map { $0.element("div")?.innerMarkup ?? $0.innerMarkup } ?? ""
        case "html": body?.text ?? ""
        default: NinjsReader.paragraphs(body?.text ?? "")
        }
        let photos = links.filter { $0.attributes["rel"] == "enclosure" && ($0.attributes["type"] ?? "").hasPrefix("image/") }
            .compactMap { link in link.attributes["href"].flatMap { isWebAddress($0) ? IncomingPhoto(url: $0, caption: link.attributes["title"] ?? "") : nil } }
        return IncomingContent(
            guid: guid, version: nil, format: .atom, headline: headline, bodyHTML: IncomingHTML.sanitize(html),
            byline: entry.elements("author").compactMap { $0.element("name")?.text }.joined(separator: ", "),
            link: isWebAddress(page) ? page : "", photos: photos + mediaPhotos(entry),
            sentAt: (entry.element("updated") ?? entry.element("published")).flatMap { ISODate.read($0.text) })
    }

    /// Media RSS pictures: `media:content` of an image type, with its description and credit.
    static func mediaPhotos(_ item: SafeXML.Element) -> [IncomingPhoto] {
        item.children.compactMap { node -> IncomingPhoto? in
            guard case .element(let media) = node, media.namespace == mediaRSS, media.name == "content",
                  let url = media.attributes["url"], isWebAddress(url),
                  (media.attributes["medium"] == "image" || (media.attributes["type"] ?? "").hasPrefix("image/")) else { return nil }
            return IncomingPhoto(url: url, caption: media.element("description")?.text ?? "", credit: media.element("credit")?.text ?? "")
        }
    }
}

extension String {
    var nonEmptyTrimmed: String? {
        let trimmed = self.trimmed
        return trimmed.isEmpty ? nil : trimmed
    }
}
