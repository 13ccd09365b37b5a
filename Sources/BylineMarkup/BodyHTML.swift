import Foundation
import Ink

/// An article body as pages show it: the Markdown rendered and sanitised once, when the
/// article is saved, and stored beside the Markdown with `rendererVersion`.
///
/// The page places photos between paragraphs, so the stored form keeps the paragraphs
/// apart: their HTML joined by U+001E (RECORD SEPARATOR), a control character that HTML
/// forbids in text and the renderer removes from what it makes.
public enum BodyHTML {
    /// Raise it whenever the Markdown renderer or the sanitiser changes what they write:
    /// stores render every body saved under an older version again when they open.
    public static let rendererVersion = 1

    static let separator: Character = "\u{1E}"

    /// The stored form of `markdown`.
    public static func render(markdown: String) -> String {
        chunks(of: markdown).map { paragraph in
            let html = html(fromMarkdown: paragraph)
            return html.replacingOccurrences(of: String(separator), with: "")
        }.joined(separator: String(separator))
    }

    /// The paragraphs' HTML of a stored body.
    public static func paragraphs(of stored: String) -> [Substring] {
        stored.isEmpty ? [] : stored.split(separator: separator, omittingEmptySubsequences: false)
    }

    /// The whole body as one run of HTML (for the Content API and ninjs).
    public static func document(of stored: String) -> String {
        stored.replacingOccurrences(of: String(separator), with: "")
    }

    /// Splits the body at blank lines, the boundaries between paragraphs.
    static func chunks(of markdown: String) -> [String] {
        markdown
            .replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// Safe HTML for Markdown a writer typed.
    ///
    /// Ink passes raw HTML through, so every `<` is swapped for a private-use character
    /// before it parses (an entity would show as `&lt;` inside code spans, where Ink
    /// escapes the ampersand), the sanitiser rebuilds the tags Ink made, and only then
    /// does the character become `&lt;`: what a writer typed as `<` is shown as `<`.
    public static func html(fromMarkdown markdown: String) -> String {
        let placeholder = "\u{E000}"
        // Foundation's replacement matches scalars, not Characters: a `<` followed by a
        // combining mark is one Character, and must still be hidden.
        let hidden = markdown.replacingOccurrences(of: placeholder, with: "").replacingOccurrences(of: "<", with: placeholder)
        return HTMLSanitizer.clean(MarkdownParser().html(from: hidden)).replacingOccurrences(of: placeholder, with: "&lt;")
    }
}
