import BylineCore
import BylineMarkup
import Foundation

/// Turns an article's Markdown into the blocks of its body: paragraphs with the
/// dateline and byline leading the first one, and photos placed between paragraphs
/// the way an agency lays them out.
///
/// The paragraphs' HTML was made when the article was saved (`BodyHTML`); only an article
/// saved under an older renderer, not yet rendered again, has its Markdown rendered here.
struct ArticleBodyRenderer {
    let agencyName: String

    func blocks(for article: Article) -> [BodyBlock] {
        var htmlBlocks = BodyHTML.paragraphs(of: BodyHTML.stored(article.bodyHTML, markdown: article.body)).map(String.init)
        let lead = "<span class=\"lead\">\(escapeHTML(byline(for: article)))</span> "
        if let first = htmlBlocks.firstIndex(where: { $0.hasPrefix("<p>") }) {
            htmlBlocks[first] = "<p>" + lead + htmlBlocks[first].dropFirst(3)
        } else {
            htmlBlocks.insert("<p>\(lead)</p>", at: 0)
        }

        // One photo after the first paragraph, then one after every second paragraph.
        var blocks: [BodyBlock] = []
        var photos = article.photos.filter(\.isShown).enumerated().makeIterator()
        let datelineText = article.dateline?.bracketed(agency: agencyName)
        for (index, html) in htmlBlocks.enumerated() {
            blocks.append(BodyBlock(html: html, figure: nil))
            if index % 2 == 0, let (position, photo) = photos.next() {
                blocks.append(BodyBlock(html: nil, figure: FigureView(photo, dateline: datelineText, isLead: position == 0)))
            }
        }
        while let (position, photo) = photos.next() {
            blocks.append(BodyBlock(html: nil, figure: FigureView(photo, dateline: datelineText, isLead: position == 0)))
        }
        return blocks
    }

    /// `[서울=Byline] 홍길동·김철수 기자 =`
    func byline(for article: Article) -> String {
        let names = article.authors.map(\.name).joined(separator: "·")
        let dateline = article.dateline.map { $0.bracketed(agency: agencyName) + " " } ?? ""
        return names.isEmpty ? "\(dateline)=" : "\(dateline)\(names) 기자 ="
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
    /// The renditions' `srcset`s, for library pictures.
    let webpSrcset: String?
    let jpegSrcset: String?
    /// The first photo is the page's largest paint: fetched first, never lazily.
    let isLead: Bool
    let caption: String
    let creditLine: String
    let date: String
    let email: String?

    init(_ photo: Photo, dateline: String?, isLead: Bool = false) {
        url = photo.url
        alt = photo.alt
        if let renditions = photo.renditions {
            width = renditions.defaultWidth
            height = renditions.height(atWidth: renditions.defaultWidth)
            webpSrcset = renditions.srcset(webP: true)
            jpegSrcset = renditions.srcset(webP: false)
        } else {
            width = photo.width
            height = photo.height
            webpSrcset = nil
            jpegSrcset = nil
        }
        self.isLead = isLead
        caption = photo.caption
        let who = photo.creditLine
        creditLine = [dateline, who.isEmpty ? nil : who].compactMap { $0 }.joined(separator: " ") + " ="
        date = KoreanTime.photoDate(photo.takenAt)
        email = photo.photographer?.email
    }
}
