import Foundation

/// The few properties Byline reads from an XMP packet, by the prefixes every tool writes
/// (dc, photoshop, xmp). A property may be an element (with an rdf:Alt or rdf:Seq list,
/// of which the first entry counts) or an attribute of rdf:Description.
struct XMPPacket {
    let text: String

    init(_ text: String) { self.text = text }

    var caption: String? { property("dc:description") }
    var creator: String? { property("dc:creator") }
    var rights: String? { property("dc:rights") }
    var credit: String? { property("photoshop:Credit") }
    var createdAt: Date? {
        (property("photoshop:DateCreated") ?? property("xmp:CreateDate")).flatMap(Self.date)
    }

    func property(_ name: String) -> String? {
        if let open = text.range(of: "<\(name)"),
           let start = text[open.upperBound...].firstIndex(of: ">"),
           text[open.upperBound...].first.map({ $0 == ">" || $0 == " " || $0 == "\n" || $0 == "\t" }) == true,
           text[text.index(before: start)] != "/",
           let close = text[start...].range(of: "</\(name)>") {
            var content = text[text.index(after: start)..<close.lowerBound]
            if let item = content.range(of: "<rdf:li"), let itemStart = content[item.upperBound...].firstIndex(of: ">"),
               let itemEnd = content[itemStart...].range(of: "</rdf:li>") {
                content = content[content.index(after: itemStart)..<itemEnd.lowerBound]
            }
            return Self.unescaped(String(content)).meaningful
        }
        for quote in ["\"", "'"] {
            if let attribute = text.range(of: " \(name)=\(quote)") ?? text.range(of: "\n\(name)=\(quote)"),
               let end = text[attribute.upperBound...].firstIndex(of: Character(quote)) {
                return Self.unescaped(String(text[attribute.upperBound..<end])).meaningful
            }
        }
        return nil
    }

    static func unescaped(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#xA;", with: "\n").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// ISO 8601 as XMP writes it: a date, a date and time, with or without a zone (Seoul when none).
    static func date(_ text: String) -> Date? {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count >= 3 else { return nil }
        var components = DateComponents(year: digits[0], month: digits[1], day: digits[2], hour: digits.count > 3 ? digits[3] : 12)
        if digits.count > 4 { components.minute = digits[4] }
        if digits.count > 5 { components.second = digits[5] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Seoul") ?? .gmt
        if text.hasSuffix("Z") {
            calendar.timeZone = .gmt
        } else if let sign = text.dropFirst(10).lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = text[text.index(after: sign)...].split(separator: ":").compactMap { Int($0) }
            if offset.count == 2 {
                let seconds = (offset[0] * 3600 + offset[1] * 60) * (text[sign] == "-" ? -1 : 1)
                calendar.timeZone = TimeZone(secondsFromGMT: seconds) ?? calendar.timeZone
            }
        }
        return calendar.date(from: components)
    }
}
