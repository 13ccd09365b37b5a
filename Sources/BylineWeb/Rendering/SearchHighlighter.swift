import BylineCore
import BylineMarkup
import Foundation

/// Shows readers where their words matched: the headline and a passage of the body with
/// each match wrapped in `<mark>`, everything else HTML-escaped.
struct SearchHighlighter {
    /// The words to mark, longest first so that 서울시 is marked whole before 서울.
    let words: [String]

    init(_ query: SearchQuery) {
        words = Array(Set(query.clauses.flatMap { $0.text.split(separator: " ").map(String.init) }))
            .sorted { $0.count > $1.count }
    }

    /// The text escaped, with every match marked.
    func mark(_ text: String) -> String {
        let text = text.precomposedStringWithCanonicalMapping
        var html = ""
        var index = text.startIndex
        while index < text.endIndex {
            if let match = firstMatch(in: text, from: index) {
                html += escapeHTML(String(text[index..<match.lowerBound]))
                html += "<mark>" + escapeHTML(String(text[match])) + "</mark>"
                index = match.upperBound
            } else {
                html += escapeHTML(String(text[index...]))
                break
            }
        }
        return html
    }

    /// A passage of about `length` characters around the first match in the body.
    func snippet(_ body: String, length: Int = 140) -> String {
        let plain = Self.plainText(body).precomposedStringWithCanonicalMapping
        guard let first = firstMatch(in: plain, from: plain.startIndex) else {
            return mark(String(plain.prefix(length))) + (plain.count > length ? "…" : "")
        }
        let startOffset = max(0, plain.distance(from: plain.startIndex, to: first.lowerBound) - 40)
        let start = plain.index(plain.startIndex, offsetBy: startOffset)
        let end = plain.index(start, offsetBy: length, limitedBy: plain.endIndex) ?? plain.endIndex
        return (startOffset > 0 ? "…" : "") + mark(String(plain[start..<end])) + (end < plain.endIndex ? "…" : "")
    }

    private func firstMatch(in text: String, from index: String.Index) -> Range<String.Index>? {
        words.compactMap { text.range(of: $0, options: [.caseInsensitive], range: index..<text.endIndex) }
            .min { $0.lowerBound < $1.lowerBound }
    }

    /// Markdown reduced to its words: markers and line breaks removed.
    static func plainText(_ markdown: String) -> String {
        markdown
            .replacingOccurrences(of: "**", with: "")
            .split(separator: "\n")
            .map { line in line.drop { $0 == ">" || $0 == "#" || $0 == " " } }
            .joined(separator: " ")
    }
}
