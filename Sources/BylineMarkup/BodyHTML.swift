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
    public static let rendererVersion = 2

    static let separator: Character = "\u{1E}"
    static let separatorBytes: [UInt8] = [0x1E]

    /// The stored form of `markdown`.
    public static func render(markdown: String) -> String {
        chunks(of: markdown).map { paragraph in
            html(fromMarkdown: paragraph).replacingBytes(of: separatorBytes, with: [])
        }.joined(separator: String(separator))
    }

    /// The paragraphs' HTML of a stored body.
    ///
    /// Split as bytes: U+001E is one byte that no other character's UTF-8 contains, and a
    /// control character is a grapheme of its own, so this is the split by Character without
    /// the grapheme breaking that made it a sixteenth of an uncached article page. The
    /// separators are found in the contiguous bytes: `split` on the UTF-8 view stepped its
    /// iterator byte by byte, 25,000 instructions for a body of a few kilobytes.
    public static func paragraphs(of stored: String) -> [Substring] {
        guard !stored.isEmpty else { return [] }
        var text = stored
        let separator = separatorBytes[0]
        let cuts = text.withUTF8 { bytes in bytes.indices.filter { bytes[$0] == separator } }
        let utf8 = text.utf8
        var paragraphs: [Substring] = []
        paragraphs.reserveCapacity(cuts.count + 1)
        var start = utf8.startIndex
        for cut in cuts {
            let end = utf8.index(utf8.startIndex, offsetBy: cut)
            paragraphs.append(Substring(utf8[start..<end]))
            start = utf8.index(after: end)
        }
        paragraphs.append(Substring(utf8[start...]))
        return paragraphs
    }

    /// The paragraphs' HTML of an article: as stored, or rendered now for an article saved
    /// under an older renderer that the store has not rendered again yet.
    public static func stored(_ bodyHTML: String?, markdown: String) -> String {
        bodyHTML ?? render(markdown: markdown)
    }

    /// The whole body as one run of HTML (for the Content API and ninjs).
    public static func document(of stored: String) -> String {
        stored.replacingBytes(of: separatorBytes, with: [])
    }

    /// Splits the body at blank lines, the boundaries between paragraphs.
    static func chunks(of markdown: String) -> [String] {
        markdown.replacingBytes(of: Array("\r\n".utf8), with: Array("\n".utf8))
            .splittingBytes(at: Array("\n\n".utf8))
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
        // Replaced as bytes, not Characters: a `<` followed by a combining mark is one
        // Character, and must still be hidden.
        let hidden = markdown.replacingBytes(of: Array(placeholder.utf8), with: []).replacingBytes(of: [UInt8(ascii: "<")], with: Array(placeholder.utf8))
        return HTMLSanitizer.clean(MarkdownParser().html(from: hidden)).replacingBytes(of: Array(placeholder.utf8), with: Array("&lt;".utf8))
    }
}

extension BodyHTML {
    /// The stored form of each of `markdowns`, in order, rendered on every core: an import
    /// renders a batch this way before its write begins, so that the one writer only writes.
    public static func render(markdowns: [String]) async -> [String] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, markdowns.count / 50))
        guard parts > 1 else { return markdowns.map { render(markdown: $0) } }
        let size = (markdowns.count + parts - 1) / parts
        return await withTaskGroup(of: (Int, [String]).self) { group in
            for part in 0..<parts {
                let slice = markdowns[min(markdowns.count, part * size)..<min(markdowns.count, (part + 1) * size)]
                group.addTask { (part, slice.map { render(markdown: $0) }) }
            }
            var rendered = Array(repeating: [String](), count: parts)
            for await (part, html) in group { rendered[part] = html }
            return rendered.flatMap { $0 }
        }
    }
}

extension String {
    /// Every occurrence of the UTF-8 bytes `target` replaced by `replacement`, without going
    /// through Characters (or NSString): the same as Foundation's literal replacement.
    func replacingBytes(of target: [UInt8], with replacement: [UInt8]) -> String {
        var text = self
        return text.withUTF8 { bytes -> String in
            guard let first = target.first, bytes.contains(first) else { return self }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var index = 0
            var replaced = false
            while index < bytes.count {
                if bytes[index] == first, index + target.count <= bytes.count,
                   target.indices.allSatisfy({ bytes[index + $0] == target[$0] }) {
                    result.append(contentsOf: replacement)
                    index += target.count
                    replaced = true
                } else {
                    result.append(bytes[index])
                    index += 1
                }
            }
            return replaced ? String(decoding: result, as: UTF8.self) : self
        }
    }

    /// The runs between occurrences of `separator`, found left to right as Foundation's
    /// `components(separatedBy:)` finds them.
    func splittingBytes(at separator: [UInt8]) -> [String] {
        var text = self
        return text.withUTF8 { bytes in
            var parts: [String] = []
            var start = 0
            var index = 0
            while index + separator.count <= bytes.count {
                if separator.indices.allSatisfy({ bytes[index + $0] == separator[$0] }) {
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    index += separator.count
                    start = index
                } else {
                    index += 1
                }
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return parts
        }
    }
}
