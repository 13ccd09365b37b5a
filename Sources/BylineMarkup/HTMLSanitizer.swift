/// Rebuilds the HTML that the Markdown renderer produced from an allowlist of tags and
/// attributes, so that nothing a writer types can run in a reader's browser.
///
/// Raw HTML in a body never gets this far (its `<` is written as text before Markdown
/// sees it); what remains dangerous is what Markdown itself makes from text: links and
/// images whose address is `javascript:` or `data:`, and quotes in addresses or alt text
/// that Ink copies into attributes unescaped. Every tag is therefore parsed and written
/// out again: unknown tags and attributes are dropped, addresses are checked after
/// decoding entities the way a browser would, and every value is escaped afresh.
enum HTMLSanitizer {
    static let allowedAttributes: [String: Set<String>] = [
        "p": [], "br": [], "hr": [], "h1": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [],
        "blockquote": [], "ul": [], "ol": ["start"], "li": [], "strong": [], "em": [], "b": [], "i": [],
        "code": [], "pre": [], "del": [], "s": [], "sup": [], "sub": [],
        "table": [], "thead": [], "tbody": [], "tr": [], "th": [], "td": [],
        "a": ["href", "title"], "img": ["src", "alt", "title"],
    ]
    static let voidTags: Set<String> = ["br", "hr", "img"]
    static let urlAttributes: Set<String> = ["href", "src"]
    static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    static func clean(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var output = ""
        output.reserveCapacity(bytes.count)
        var index = 0
        var textStart = 0
        func flushText(upTo end: Int) {
            guard textStart < end else { return }
            // Stray angle brackets in text become entities; everything else is already text.
            for scalar in String(decoding: bytes[textStart..<end], as: UTF8.self).unicodeScalars {
                switch scalar {
                case "<": output += "&lt;"
                case ">": output += "&gt;"
                default: output.unicodeScalars.append(scalar)
                }
            }
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            flushText(upTo: index)
            if let (tag, end) = Tag.parse(bytes, at: index) {
                output += render(tag)
                index = end
            } else {
                output += "&lt;"
                index += 1
            }
            textStart = index
        }
        flushText(upTo: bytes.count)
        return output
    }

    static func render(_ tag: Tag) -> String {
        guard let allowed = allowedAttributes[tag.name] else { return "" }
        if tag.isClosing { return voidTags.contains(tag.name) ? "" : "</\(tag.name)>" }
        var result = "<" + tag.name
        for (name, rawValue) in tag.attributes where allowed.contains(name) {
            var value = decodeEntities(rawValue)
            if urlAttributes.contains(name) {
                guard let safe = safeURL(value) else { continue }
                value = safe
            }
            if name == "start", !value.allSatisfy(\.isASCII) || Int(value) == nil { continue }
            result += " \(name)=\"\(escapeHTML(value))\""
        }
        if tag.name == "img", !result.contains(" src=") { return "" }
        return result + ">"
    }

    /// The address if it is relative or uses a harmless scheme; `nil` for `javascript:`,
    /// `vbscript:`, `data:` and anything else. Browsers ignore tabs and newlines inside a
    /// scheme and spaces and control characters around it, so the check does too.
    static func safeURL(_ value: String) -> String? {
        let squeezed = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
        guard let colon = squeezed.firstIndex(of: ":") else { return value.trimmingWhitespaceAndControls() }
        let beforeColon = squeezed[..<colon]
        // A colon after a path, query or fragment starts no scheme: `/a:b`, `?q=a:b`.
        if beforeColon.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return value.trimmingWhitespaceAndControls() }
        guard allowedSchemes.contains(beforeColon.lowercased()) else { return nil }
        return value.trimmingWhitespaceAndControls()
    }

    /// Decodes character references as a browser reads an attribute: numeric ones with or
    /// without their semicolon, and the named ones that can hide a scheme.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "colon": ":",
            "tab": "\t", "newline": "\n", "sol": "/", "lpar": "(", "rpar": ")", "period": ".",
        ]
        var result = ""
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&" else {
                result.unicodeScalars.append(scalars[index])
                index += 1
                continue
            }
            var cursor = index + 1
            if cursor < scalars.count, scalars[cursor] == "#" {
                cursor += 1
                let hex = cursor < scalars.count && (scalars[cursor] == "x" || scalars[cursor] == "X")
                if hex { cursor += 1 }
                let digitsStart = cursor
                while cursor < scalars.count, (hex ? scalars[cursor].properties.isASCIIHexDigit : ("0"..."9").contains(scalars[cursor])) {
                    cursor += 1
                }
                let digits = String(String.UnicodeScalarView(scalars[digitsStart..<cursor]))
                if let code = UInt32(digits.prefix(8), radix: hex ? 16 : 10), !digits.isEmpty {
                    result.unicodeScalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    if cursor < scalars.count, scalars[cursor] == ";" { cursor += 1 }
                    index = cursor
                    continue
                }
            } else {
                while cursor < scalars.count, scalars[cursor].properties.isAlphabetic, cursor - index < 12 { cursor += 1 }
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<cursor])).lowercased()
                if let replacement = named[name] {
                    result += replacement
                    if cursor < scalars.count, scalars[cursor] == ";" { cursor += 1 }
                    index = cursor
                    continue
                }
            }
            result += "&"
            index += 1
        }
        return result
    }

    /// One tag as written: its name, whether it closes, and its attributes in order.
    struct Tag {
        let name: String
        let isClosing: Bool
        let attributes: [(String, String)]

        /// Parses the tag starting at `start` (a `<`); `nil` when it is not a well-formed
        /// tag, in which case the `<` is shown as text.
        static func parse(_ bytes: [UInt8], at start: Int) -> (Tag, Int)? {
            var index = start + 1
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
            func isNameByte(_ byte: UInt8) -> Bool {
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            }
            let closing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
            if closing { index += 1 }
            let nameStart = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            guard index > nameStart, (0x41...0x7A).contains(bytes[nameStart]) else { return nil }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            var attributes: [(String, String)] = []
            while index < bytes.count {
                let byte = bytes[index]
                if isSpace(byte) || byte == UInt8(ascii: "/") {
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: ">") {
                    return (Tag(name: name, isClosing: closing, attributes: attributes), index + 1)
                }
                let attributeStart = index
                while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                      bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
                    index += 1
                }
                let attribute = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                var value = ""
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                    guard index < bytes.count else { return nil }
                    let quote = bytes[index]
                    if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                        guard let close = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
                        value = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                        index = close + 1
                    } else {
                        let valueStart = index
                        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                        value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                    }
                }
                attributes.append((attribute, value))
            }
            return nil
        }
    }
}

extension String {
    func trimmingWhitespaceAndControls() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }),
              let last = scalars.lastIndex(where: { $0.value > 0x20 }) else { return "" }
        return String(scalars[first...last])
    }
}
