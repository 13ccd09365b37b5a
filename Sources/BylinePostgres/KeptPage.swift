import BylineCore
import Foundation
import NIOCore

/// An article page's data (`ArticleWithRelated`) as one value of bytes, as `ArticlePageData`
/// keeps it: read back, it costs PostgreSQL one column to send and Byline one pass to decode,
/// where `ArticlePageRow`'s sixty columns of arrays cost both sides more than the page's
/// own reading. The layout is private to this file and versioned by `ArticlePageData`'s
/// migration; anything not in it reads as a miss (`nil`), never as a wrong page.
enum KeptPage {
    /// The first byte: a kept value of another layout is not read.
    static let layout: UInt8 = 1

    static func encode(_ page: ArticleWithRelated) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 4096)
        buffer.writeInteger(layout)
        let article = page.article
        buffer.writeInteger(article.id.rawValue)
        buffer.writeText(article.headline)
        buffer.writeList(article.subheadlines) { $0.writeText($1) }
        buffer.writeText(article.body)
        buffer.writeOptional(article.bodyHTML) { $0.writeText($1) }
        buffer.writeText(article.summary)
        buffer.writeInteger(article.sectionID.rawValue)
        buffer.writeList(article.authors) { $0.writeReporter($1) }
        buffer.writeList(article.tags) { $0.writeText($1.name) }
        buffer.writeOptional(article.dateline) { $0.writeText($1.city) }
        buffer.writeFlag(article.isBreaking)
        buffer.writeList(article.photos) { $0.writePhoto($1) }
        buffer.writeInteger(article.publishedAt.keptMilliseconds)
        buffer.writeInteger(article.updatedAt.keptMilliseconds)
        buffer.writeList(article.corrections) { buffer, correction in
            buffer.writeText(correction.text)
            buffer.writeInteger(correction.at.keptMilliseconds)
            buffer.writeText(correction.editorName)
        }
        buffer.writeText(article.grade.rawValue)
        buffer.writeText(article.kind.rawValue)
        buffer.writeList(page.related) { buffer, summary in
            buffer.writeInteger(summary.id.rawValue)
            buffer.writeText(summary.headline)
            buffer.writeText(summary.summary)
            buffer.writeInteger(summary.sectionID.rawValue)
            buffer.writeFlag(summary.isBreaking)
            buffer.writeInteger(summary.publishedAt.keptMilliseconds)
            buffer.writeOptional(summary.leadPhoto) { $0.writePhoto($1) }
            buffer.writeText(summary.grade.rawValue)
            buffer.writeText(summary.kind.rawValue)
        }
        buffer.writeFlag(page.isChained)
        buffer.writeFlag(page.hasLiveCoverage)
        return buffer
    }

    /// The page, or `nil` for bytes of another layout or cut short.
    static func decode(_ bytes: ByteBuffer) -> ArticleWithRelated? {
        var buffer = bytes
        guard buffer.readInteger(as: UInt8.self) == layout else { return nil }
        return try? buffer.readPage()
    }
}

/// Bytes that are not a kept page of this layout.
private struct NotAKeptPage: Error {}

extension Date {
    /// Milliseconds to the nearest, so that a time read from them comes back the same.
    fileprivate var keptMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

extension ByteBuffer {
    fileprivate mutating func writeText(_ text: String) {
        writeInteger(UInt32(text.utf8.count))
        writeString(text)
    }

    fileprivate mutating func writeFlag(_ flag: Bool) { writeInteger(flag ? 1 : 0 as UInt8) }

    fileprivate mutating func writeList<Element>(_ list: [Element], _ write: (inout ByteBuffer, Element) -> Void) {
        writeInteger(UInt32(list.count))
        for element in list { write(&self, element) }
    }

    fileprivate mutating func writeOptional<Value>(_ value: Value?, _ write: (inout ByteBuffer, Value) -> Void) {
        writeFlag(value != nil)
        if let value { write(&self, value) }
    }

    fileprivate mutating func writeReporter(_ reporter: Reporter) {
        writeInteger(reporter.id.rawValue)
        writeText(reporter.name)
        writeText(reporter.email)
        writeText(reporter.beat)
    }

    /// A photo as its initialiser takes it: the stem of its renditions, not the address
    /// made from it.
    fileprivate mutating func writePhoto(_ photo: Photo) {
        writeText(photo.url)
        writeText(photo.caption)
        writeText(photo.alt)
        writeOptional(photo.photographer) { $0.writeReporter($1) }
        writeText(photo.credit)
        writeInteger(photo.takenAt.keptMilliseconds)
        writeInteger(Int64(photo.width ?? -1))
        writeInteger(Int64(photo.height ?? -1))
        writeInteger(photo.library?.rawValue ?? 0)
        writeText(photo.renditions?.stem ?? "")
    }

    fileprivate mutating func readPage() throws -> ArticleWithRelated {
        let id = ArticleID(rawValue: try readNumber())
        let headline = try readText()
        let subheadlines = try readList { try $0.readText() }
        let body = try readText()
        let bodyHTML = try readOptional { try $0.readText() }
        let summary = try readText()
        let sectionID = SectionID(rawValue: try readNumber())
        let authors = try readList { try $0.readReporter() }
        let tags = try readList { try $0.readText() }.compactMap(Tag.init)
        let dateline = try readOptional { Dateline(city: try $0.readText()) }
        let isBreaking = try readFlag()
        let photos = try readList { try $0.readPhoto() }
        let publishedAt = Date(milliseconds: try readNumber())
        let updatedAt = Date(milliseconds: try readNumber())
        let corrections = try readList { buffer in
            Correction(text: try buffer.readText(), at: Date(milliseconds: try buffer.readNumber()), editorName: try buffer.readText())
        }
        let grade = ArticleGrade(rawValue: try readText()) ?? .normal
        let kind = ArticleKind(rawValue: try readText()) ?? .article
        let article = Article(
            id: id, headline: headline, subheadlines: subheadlines, body: body, summary: summary, sectionID: sectionID,
            authors: authors, tags: tags, dateline: dateline, isBreaking: isBreaking, photos: photos, publishedAt: publishedAt,
            updatedAt: updatedAt, corrections: corrections, grade: grade, kind: kind, bodyHTML: bodyHTML)
        let related = try readList { buffer in
            ArticleSummary(
                id: ArticleID(rawValue: try buffer.readNumber()), headline: try buffer.readText(), summary: try buffer.readText(),
                sectionID: SectionID(rawValue: try buffer.readNumber()), isBreaking: try buffer.readFlag(),
                publishedAt: Date(milliseconds: try buffer.readNumber()), leadPhoto: try buffer.readOptional { try $0.readPhoto() },
                grade: ArticleGrade(rawValue: try buffer.readText()) ?? .normal,
                kind: ArticleKind(rawValue: try buffer.readText()) ?? .article)
        }
        let page = ArticleWithRelated(article: article, related: related, isChained: try readFlag(), hasLiveCoverage: try readFlag())
        guard readableBytes == 0 else { throw NotAKeptPage() }
        return page
    }

    private mutating func readNumber() throws -> Int64 {
        guard let value = readInteger(as: Int64.self) else { throw NotAKeptPage() }
        return value
    }

    private mutating func readText() throws -> String {
        guard let length = readInteger(as: UInt32.self), let text = readString(length: Int(length)) else { throw NotAKeptPage() }
        return text
    }

    private mutating func readFlag() throws -> Bool {
        guard let flag = readInteger(as: UInt8.self), flag <= 1 else { throw NotAKeptPage() }
        return flag == 1
    }

    private mutating func readList<Element>(_ read: (inout ByteBuffer) throws -> Element) throws -> [Element] {
        guard let count = readInteger(as: UInt32.self), Int(count) <= readableBytes else { throw NotAKeptPage() }
        var list: [Element] = []
        list.reserveCapacity(Int(count))
        for _ in 0..<count { list.append(try read(&self)) }
        return list
    }

    private mutating func readOptional<Value>(_ read: (inout ByteBuffer) throws -> Value) throws -> Value? {
        try readFlag() ? try read(&self) : nil
    }

    private mutating func readReporter() throws -> Reporter {
        Reporter(id: ReporterID(rawValue: try readNumber()), name: try readText(), email: try readText(), beat: try readText())
    }

    private mutating func readPhoto() throws -> Photo {
        let (url, caption, alt) = (try readText(), try readText(), try readText())
        let photographer = try readOptional { try $0.readReporter() }
        let (credit, takenAt, width, height) = (try readText(), try readNumber(), try readNumber(), try readNumber())
        let (library, stem) = (try readNumber(), try readText())
        return Photo(
            url: url, caption: caption, alt: alt, photographer: photographer, credit: credit, takenAt: Date(milliseconds: takenAt),
            width: width < 0 ? nil : Int(width), height: height < 0 ? nil : Int(height),
            library: library == 0 ? nil : LibraryPhotoID(rawValue: library), renditionStem: stem.isEmpty ? nil : stem)
    }
}
