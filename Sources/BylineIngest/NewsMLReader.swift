import BylineCore
import BylineMarkup
import Foundation

/// Reads NewsML-G2 text items: a `newsItem`, or a `newsMessage` carrying several. The body
/// is taken from XHTML or NITF held inline, or plain text.
enum NewsMLReader {
    static let namespace = "http://iptc.org/std/nar/2006-10-01/"

    static func items(_ root: SafeXML.Element) throws -> [IncomingContent] {
        let items: [SafeXML.Element] = switch root.name {
        case "newsItem": [root]
        case "newsMessage": root.element("itemSet")?.elements("newsItem") ?? []
        default: throw IngestProblem.wrongSchema("NewsML-G2 newsItem이 아닙니다 (최상위 요소: \(root.name)).")
        }
        guard root.namespace == namespace else {
            throw IngestProblem.wrongSchema("NewsML-G2 네임스페이스(\(namespace))가 아닙니다.")
        }
        guard !items.isEmpty else { throw IngestProblem.wrongSchema("newsMessage에 newsItem이 없습니다.") }
        guard items.count <= 500 else { throw IngestProblem.wrongSchema("한 번에 500개까지 보낼 수 있습니다.") }
        return try items.enumerated().map { index, item in try self.item(item, position: items.count > 1 ? index + 1 : nil) }
    }

    static func item(_ item: SafeXML.Element, position: Int?) throws -> IncomingContent {
        let place = position.map { "\($0)번째 newsItem의 " } ?? ""
        guard let guid = item.attributes["guid"]?.trimmed, !guid.isEmpty, guid.count <= 1_000 else {
            throw IngestProblem.wrongSchema("\(place)guid 속성이 없습니다.")
        }
        // G2's own default for a missing version is 1.
        guard let version = Int((item.attributes["version"] ?? "1").trimmed), version >= 0 else {
            throw IngestProblem.wrongSchema("\(place)version 속성은 숫자여야 합니다.")
        }
        guard let meta = item.element("itemMeta") else { throw IngestProblem.wrongSchema("\(place)itemMeta가 없습니다.") }
        let content = item.element("contentMeta")
        let headlines = content?.elements("headline") ?? []
        guard let headline = headlines.first(where: { !($0.attributes["role"] ?? "").hasSuffix(":sub") })?.text, !headline.isEmpty else {
            throw IngestProblem.wrongSchema("\(place)contentMeta의 headline이 없습니다.")
        }
        let status = meta.element("pubStatus")?.attributes["qcode"] ?? "stat:usable"
        let links = meta.elements("link")
        let photos = links.filter { ($0.attributes["contenttype"] ?? "").hasPrefix("image/") }.compactMap { link -> IncomingPhoto? in
            guard let href = link.attributes["href"], isWebAddress(href) else { return nil }
            var caption = link.attributes["title"] ?? ""
            // Byline's own items title their photos `photo1: caption`.
            if let colon = caption.range(of: ": "), caption[..<colon.lowerBound].hasPrefix("photo") { caption = String(caption[colon.upperBound...]) }
            return IncomingPhoto(url: href, caption: caption.trimmed, credit: content?.element("creditline")?.text ?? "")
        }
        let creators = (content?.elements("creator") ?? []).map { $0.element("name")?.text ?? $0.text }.filter { !$0.isEmpty }
        return IncomingContent(
            guid: guid, version: version, format: .newsml, headline: headline,
            subheadline: headlines.first { ($0.attributes["role"] ?? "").hasSuffix(":sub") }?.text ?? "",
            bodyHTML: body(of: item),
            byline: content?.element("by")?.text ?? creators.joined(separator: ", "),
            dateline: content?.element("located")?.element("name")?.text ?? content?.element("located")?.text ?? "",
            link: links.first { $0.attributes["contenttype"] == "text/html" && isWebAddress($0.attributes["href"] ?? "") }?
                .attributes["href"] ?? "",
            photos: photos,
            sentAt: meta.element("versionCreated").flatMap { ISODate.read($0.text) },
            embargoUntil: meta.element("embargoed").flatMap { ISODate.read($0.text) },
            isWithdrawn: status.hasSuffix(":canceled") || status.hasSuffix(":withheld"))
    }

    /// The body's safe HTML: XHTML's `body`, NITF's `body.content`, or inline text as paragraphs.
    static func body(of item: SafeXML.Element) -> String {
        guard let set = item.element("contentSet") else { return "" }
        for inline in set.elements("inlineXML") {
            if let body = inline.descendants("body").first {
                let nitf = body.element("body.content")
                return IncomingHTML.sanitize((nitf ?? body).innerMarkup)
            }
        }
        if let data = set.elements("inlineData").first { return NinjsReader.paragraphs(data.text) }
        return ""
    }
}
