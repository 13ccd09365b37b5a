/// A body's sanitised HTML as well-formed XHTML, for formats that carry it inside XML
/// (NewsML-G2's `inlineXML`): a receiver's XML parser rejects the whole item for one `<br>`
/// or `&nbsp;` that a browser would accept.
///
/// The input is `HTMLSanitizer`'s output, so every tag is an allowed one with quoted,
/// escaped attributes. What remains to fix is what HTML allows and XML does not: void
/// elements left open, named character references, a bare `&`, and tags that Markdown
/// nested crosswise (`**a *b** c*`), which are closed in order here.
public enum XHTML {
    public static func body(fromSanitized html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count + 64)
        var open: [String] = []
        var rest = Substring(html)
        while let lessThan = rest.firstIndex(of: "<") {
            output += text(rest[..<lessThan])
            guard let greaterThan = tagEnd(rest[lessThan...]) else {
                rest = rest[lessThan...]
                break
            }
            tag(rest[rest.index(after: lessThan)..<greaterThan], open: &open, into: &output)
            rest = rest[rest.index(after: greaterThan)...]
        }
        output += text(rest)
        for name in open.reversed() { output += "</\(name)>" }
        return output
    }

    /// The `>` that ends the tag `text` starts with, past any in a quoted value.
    private static func tagEnd(_ text: Substring) -> Substring.Index? {
        var quoted = false
        return text.firstIndex { character in
            if character == "\"" { quoted.toggle() }
            return character == ">" && !quoted
        }
    }

    /// One tag's inside (between `<` and `>`), written as XHTML.
    private static func tag(_ inside: Substring, open: inout [String], into output: inout String) {
        if inside.hasPrefix("/") {
            let name = String(inside.dropFirst())
            // A closing tag with nothing open by its name is dropped; one that closes past
            // others closes them first, as an HTML parser would.
            guard let depth = open.lastIndex(of: name) else { return }
            for inner in open[depth...].reversed() { output += "</\(inner)>" }
            open.removeSubrange(depth...)
            return
        }
        let name = String(inside.prefix { $0 != " " && $0 != "/" })
        guard HTMLSanitizer.allowedAttributes[name] != nil else { return }
        let attributes = inside.dropFirst(name.count).trimmingSuffix("/")
        output += "<" + name + attributeText(attributes)
        if HTMLSanitizer.voidTags.contains(name) {
            output += "/>"
        } else {
            output += ">"
            open.append(name)
        }
    }

    /// Attributes as the sanitiser wrote them (` name="value"`), their values re-escaped for XML.
    private static func attributeText(_ text: Substring) -> String {
        var result = ""
        var rest = text
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].filter { $0 != " " }
            let afterEquals = rest[rest.index(after: equals)...]
            guard afterEquals.first == "\"", let close = afterEquals.dropFirst().firstIndex(of: "\"") else { break }
            let value = afterEquals[afterEquals.index(after: afterEquals.startIndex)..<close]
            result += " \(name)=\"\(escape(HTMLSanitizer.decodeEntities(String(value))))\""
            rest = afterEquals[afterEquals.index(after: close)...]
        }
        return result
    }

    /// Text between tags: character references decoded as a browser reads them, then only
    /// XML's own escapes written back.
    private static func text(_ text: Substring) -> String {
        text.isEmpty ? "" : escape(HTMLSanitizer.decodeEntities(String(text)))
    }

    /// Escapes text for XML, dropping the characters XML 1.0 forbids (controls other than
    /// tab, newline and carriage return, and U+FFFE/U+FFFF).
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

private extension Substring {
    func trimmingSuffix(_ character: Character) -> Substring {
        var text = self
        while let last = text.last, last == character || last == " " { text = text.dropLast() }
        return text
    }
}
