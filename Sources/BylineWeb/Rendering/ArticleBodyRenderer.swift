import Foundation
import BylineCore
import Ink

/// Turns an article's Markdown into the blocks of its body: paragraphs with the
/// dateline and byline leading the first one, and photos placed between paragraphs
/// the way an agency lays them out.
public struct ArticleBodyRenderer {  // public only so that Benchmarks/ can measure html(fromMarkdown:)
    let agencyName: String

    func blocks(for article: Article) -> [BodyBlock] {
        var htmlBlocks = Self.chunks(of: article.body).map(Self.html(fromMarkdown:))
        let lead = "<span class=\"lead\">\(escapeHTML(byline(for: article)))</span> "
        if let first = htmlBlocks.firstIndex(where: { $0.hasPrefix("<p>") }) {
            htmlBlocks[first] = "<p>" + lead + htmlBlocks[first].dropFirst(3)
        } else {
            htmlBlocks.insert("<p>\(lead)</p>", at: 0)
        }

        // One photo after the first paragraph, then one after every second paragraph.
        var blocks: [BodyBlock] = []
        var photos = article.photos.makeIterator()
        let datelineText = article.dateline?.bracketed(agency: agencyName)
        for (index, html) in htmlBlocks.enumerated() {
            blocks.append(BodyBlock(html: html, figure: nil))
            if index % 2 == 0, let photo = photos.next() {
                blocks.append(BodyBlock(html: nil, figure: FigureView(photo, dateline: datelineText)))
            }
        }
        while let photo = photos.next() {
            blocks.append(BodyBlock(html: nil, figure: FigureView(photo, dateline: datelineText)))
        }
        return blocks
    }

    /// `[서울=Byline] 홍길동·김철수 기자 =`
    func byline(for article: Article) -> String {
        let names = article.authors.map(\.name).joined(separator: "·")
        let dateline = article.dateline.map { $0.bracketed(agency: agencyName) + " " } ?? ""
        return names.isEmpty ? "\(dateline)=" : "\(dateline)\(names) 기자 ="
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
        let hidden = markdown.replacingOccurrences(of: placeholder, with: "").replacingOccurrences(of: "<", with: placeholder)
        return HTMLSanitizer.clean(MarkdownParser().html(from: hidden)).replacingOccurrences(of: placeholder, with: "&lt;")
    }
}

/// A piece of an article body: rendered HTML or a photo.
struct BodyBlock: Sendable {
    let html: String?
    let figure: FigureView?
}

/// A photo with the agency caption: `[서울=Byline] 김사진 기자 = 캡션 2024.10.10 e-mail`.
struct FigureView: Sendable {
    let url: String
    let alt: String
    let width: Int?
    let height: Int?
    let caption: String
    let creditLine: String
    let date: String
    let email: String?

    init(_ photo: Photo, dateline: String?) {
        url = photo.url
        alt = photo.alt
        width = photo.width
        height = photo.height
        caption = photo.caption
        let who = photo.creditLine
        creditLine = [dateline, who.isEmpty ? nil : who].compactMap { $0 }.joined(separator: " ") + " ="
        date = KoreanTime.photoDate(photo.takenAt)
        email = photo.photographer?.email
    }
}
