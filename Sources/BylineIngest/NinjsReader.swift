import BylineCore
import BylineMarkup
import Foundation

/// Reads ninjs items (1.x and 2.x, as agencies send them): one object, an array of them, or
/// a feed's `{"items": [...]}`.
enum NinjsReader {
    static func items(_ bytes: [UInt8]) throws -> [IncomingContent] {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw IngestProblem.notUTF8(declared: nil) }
        guard JSONDepth.within(bytes, limit: 64) else { throw IngestProblem.tooDeep }
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
            throw IngestProblem.malformedJSON
        }
        let documents: [Any] = switch json {
        case let list as [Any]: list
        case let object as [String: Any]: (object["items"] as? [Any]) ?? [object]
        default: throw IngestProblem.wrongSchema("ninjs 항목은 JSON 객체여야 합니다.")
        }
        guard !documents.isEmpty else { throw IngestProblem.wrongSchema("항목이 없습니다.") }
        guard documents.count <= 500 else { throw IngestProblem.wrongSchema("한 번에 500개까지 보낼 수 있습니다.") }
        return try documents.enumerated().map { index, document in
            guard let object = document as? [String: Any] else {
                throw IngestProblem.wrongSchema("\(index + 1)번째 항목이 JSON 객체가 아닙니다.")
            }
            return try item(object, position: documents.count > 1 ? index + 1 : nil)
        }
    }

    static func item(_ json: [String: Any], position: Int?) throws -> IncomingContent {
        let place = position.map { "\($0)번째 항목의 " } ?? ""
        guard let uri = (json["uri"] as? String)?.trimmed, !uri.isEmpty else {
            throw IngestProblem.wrongSchema("\(place)uri(항목의 고유 식별자)가 없습니다.")
        }
        guard uri.unicodeScalars.count <= 1_000 else { throw IngestProblem.wrongSchema("\(place)uri가 너무 깁니다.") }
        let version: Int?
        switch json["version"] {
        case nil: version = nil
        case let text as String:
            // As ninjs writes it: decimal digits only.
            guard (1...9).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(text) else {
                throw IngestProblem.wrongSchema("\(place)version은 숫자여야 합니다.")
            }
            version = number
        case let number as NSNumber where Self.isInteger(number) && (0...999_999_999).contains(number.intValue):
            version = number.intValue
        default: throw IngestProblem.wrongSchema("\(place)version은 숫자여야 합니다.")
        }
        let headlines = texts(json["headlines"])
        guard let headline = (headlines.first { $0.role == "main" || $0.role == nil }?.value ?? json["headline"] as? String)?.trimmed,
              !headline.isEmpty else {
            throw IngestProblem.wrongSchema("\(place)제목(headlines 또는 headline)이 없습니다.")
        }
        let bodies = texts(json["bodies"])
        let html = bodies.first { $0.contenttype == "text/html" }?.value ?? json["body_html"] as? String
        let plain = bodies.first { $0.contenttype == nil || $0.contenttype == "text/plain" }?.value ?? json["body_text"] as? String
        let body = html.map(IncomingHTML.sanitize) ?? plain.map(Self.paragraphs) ?? ""
        let status = (json["pubstatus"] as? String)?.lowercased()
        return IncomingContent(
            guid: uri, version: version, format: .ninjs, headline: headline,
            subheadline: headlines.first { $0.role == "sub" }?.value.trimmed ?? "",
            bodyHTML: body,
            byline: ((json["by"] ?? json["byline"]) as? String)?.trimmed ?? "",
            dateline: (json["located"] as? String)?.trimmed ?? "",
            link: links(json).first ?? "",
            photos: pictures(json["associations"]),
            sentAt: (json["versioncreated"] as? String).flatMap(ISODate.read),
            embargoUntil: (json["embargoed"] as? String).flatMap(ISODate.read),
            isWithdrawn: status == "canceled" || status == "withheld")
    }

    /// A JSON integer: not a boolean (which Foundation also gives as a number) nor a fraction.
    static func isInteger(_ number: NSNumber) -> Bool {
        !["c", "d", "f"].contains(String(cString: number.objCType))
    }

    struct Text {
        let role: String?
        let contenttype: String?
        let value: String
    }

    /// ninjs 2.x lists of `{role, contenttype, value}`.
    static func texts(_ value: Any?) -> [Text] {
        (value as? [Any] ?? []).compactMap { entry in
            guard let object = entry as? [String: Any], let text = object["value"] as? String else { return nil }
            return Text(role: object["role"] as? String, contenttype: (object["contenttype"] as? String)?.lowercased(), value: text)
        }
    }

    /// A plain-text body as paragraphs of escaped text.
    static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n").map(\.trimmed).filter { !$0.isEmpty }
            .map { "<p>\(escapeHTML($0))</p>" }.joined()
    }

    static func links(_ json: [String: Any]) -> [String] {
        (json["links"] as? [Any] ?? []).compactMap { ($0 as? [String: Any])?["href"] as? String }.filter(isWebAddress)
    }

    /// Pictures among the associations: ninjs 2.x lists them, 1.x keys them by name.
    static func pictures(_ value: Any?) -> [IncomingPhoto] {
        let associations: [Any] = (value as? [Any]) ?? (value as? [String: Any]).map { $0.sorted { $0.key < $1.key }.map(\.value) } ?? []
        return associations.compactMap { entry in
            guard let picture = entry as? [String: Any], (picture["type"] as? String) == "picture" else { return nil }
            let renditions: [[String: Any]] = (picture["renditions"] as? [Any])?.compactMap { $0 as? [String: Any] }
                ?? (picture["renditions"] as? [String: Any])?.compactMap { $0.value as? [String: Any] } ?? []
            // The largest rendition, or the picture's own address.
            let best = renditions.filter { ($0["href"] as? String).map(isWebAddress) ?? false }
                .max { (($0["width"] as? Int) ?? 0) < (($1["width"] as? Int) ?? 0) }
            guard let url = (best?["href"] as? String) ?? (picture["uri"] as? String).flatMap({ isWebAddress($0) ? $0 : nil }) else {
                return nil
            }
            let descriptions = texts(picture["descriptions"])
            let caption = descriptions.first { $0.role == "caption" }?.value ?? descriptions.first?.value
                ?? picture["description_text"] as? String ?? texts(picture["headlines"]).first?.value ?? picture["headline"] as? String ?? ""
            let credit = (picture["by"] ?? picture["byline"] ?? picture["copyrightholder"]) as? String ?? ""
            return IncomingPhoto(url: url, caption: caption.trimmed, credit: credit.trimmed)
        }
    }
}

/// Only http and https addresses are kept: a photo is fetched from it later.
func isWebAddress(_ text: String) -> Bool {
    guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host?.isEmpty == false else { return false }
    return scheme == "http" || scheme == "https"
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// How deeply JSON nests, counted without parsing it: Foundation's parser recurses.
enum JSONDepth {
    static func within(_ bytes: [UInt8], limit: Int) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return false }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return true
    }
}

/// Dates as feeds and news formats write them.
enum ISODate {
    /// ISO 8601 with or without fractional seconds.
    static func read(_ text: String) -> Date? {
        let trimmed = text.trimmed
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: trimmed) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: trimmed)
    }

    /// RFC 822 dates of RSS (`Wed, 02 Dec 2026 09:00:00 +0900`), or ISO 8601.
    static func readRFC822(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in ["EEE, dd MMM yyyy HH:mm:ss Z", "EEE, dd MMM yyyy HH:mm:ss zzz", "dd MMM yyyy HH:mm:ss Z", "EEE, dd MMM yyyy HH:mm Z"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text.trimmed) { return date }
        }
        return read(text)
    }
}
