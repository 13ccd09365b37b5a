import Foundation

/// The body of a partner agency's item: any HTML its system wrote, made safe to show in the
/// newsroom, and turned into Markdown when an editor writes the item up as a draft.
public enum IncomingHTML {
    /// Safe HTML: scripts, styles and comments dropped with their content, every tag rebuilt
    /// from the allowlist that article bodies use, and images dropped: the newsroom's pages
    /// load nothing from partners' servers, and photos travel beside the body.
    public static func sanitize(_ html: String) -> String {
        var text = html
        for (open, close) in [("<!--", "-->"), ("<script", "</script>"), ("<style", "</style>")] {
            text = removingBlocks(of: text, from: open, to: close)
        }
        // The sanitiser writes every image as `<img ...>` with its values escaped, so the first `>` ends it.
        return removingBlocks(of: HTMLSanitizer.clean(text), from: "<img ", to: ">").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Markdown for sanitised HTML: block elements become paragraphs (headings `##`, list
    /// items `-`, quotations `>`), links `[text](href)`, emphasis `**` and `*`; everything
    /// else its text, with Markdown's own characters escaped so that they stay text.
    public static func markdown(fromSanitized html: String) -> String {
        let bytes = Array(html.utf8)
        var paragraphs: [String] = []
        var current = ""
        var prefix = ""
        var quoted = 0
        var links: [String?] = []
        func endParagraph() {
            let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { paragraphs.append((quoted > 0 ? "> " : "") + prefix + trimmed) }
            (current, prefix) = ("", "")
        }
        var index = 0
        var textStart = 0
        func flushText(upTo end: Int) {
            guard textStart < end else { return }
            let text = HTMLSanitizer.decodeEntities(String(decoding: bytes[textStart..<end], as: UTF8.self))
            let line = text.replacingOccurrences(of: "\n", with: " ")
            current += escapeMarkdown(current.isEmpty ? String(line.drop { $0 == " " }) : line, atLineStart: current.isEmpty)
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), let (tag, end) = HTMLSanitizer.Tag.parse(bytes, at: index) else {
                index += 1
                continue
            }
            flushText(upTo: index)
            switch (tag.name, tag.isClosing) {
            case ("p", _), ("div", _), ("ul", _), ("ol", _), ("table", _), ("tr", _), ("pre", _), ("hr", _):
                endParagraph()
            case ("blockquote", let closing):
                endParagraph()
                quoted = max(0, quoted + (closing ? -1 : 1))
            case ("h1", false), ("h2", false), ("h3", false), ("h4", false), ("h5", false), ("h6", false):
                endParagraph()
                prefix = "## "
            case ("h1", true), ("h2", true), ("h3", true), ("h4", true), ("h5", true), ("h6", true), ("li", true):
                endParagraph()
            case ("li", false):
                endParagraph()
                prefix = "- "
            case ("br", _):
                current += "  \n"
            case ("strong", _), ("b", _):
                current += "**"
            case ("em", _), ("i", _):
                current += "*"
            case ("td", false), ("th", false):
                current += current.isEmpty ? "" : " | "
            case ("a", false):
                let href = tag.attributes.first { $0.0 == "href" }?.1
                links.append(href.map(HTMLSanitizer.decodeEntities))
                if href != nil { current += "[" }
            case ("a", true):
                if let href = links.popLast() ?? nil { current += "](\(href.replacingOccurrences(of: ")", with: "%29")))" }
            default:
                break
            }
            index = end
            textStart = end
        }
        flushText(upTo: bytes.count)
        endParagraph()
        return paragraphs.joined(separator: "\n\n")
    }

    /// Characters that would make Markdown of text, escaped with a backslash.
    static func escapeMarkdown(_ text: String, atLineStart: Bool) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            if "\\*_`[]".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        // A paragraph that starts like a heading, quotation or list item stays a paragraph.
        if atLineStart, let first = escaped.first, "#>-+".contains(first) { escaped.insert("\\", at: escaped.startIndex) }
        return escaped
    }

    /// `text` without the blocks from `open` to `close` (case-insensitive); an unclosed
    /// block runs to the end.
    static func removingBlocks(of text: String, from open: String, to close: String) -> String {
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: open, options: .caseInsensitive) {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: close, options: .caseInsensitive) else { return result }
            rest = rest[end.upperBound...]
        }
        return result + rest
    }
}
