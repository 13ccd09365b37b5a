import BylineCore
import Foundation
import NIOCore
import Testing

@testable import BylinePostgres

/// The bytes PostgreSQL keeps for an article page (`KeptPage`) read back as the same page.
@Suite("Kept article page bytes")
struct KeptPageTests {
    static let reporter = Reporter(id: ReporterID(rawValue: 7), name: "김하늘", email: "haneul@byline.test", beat: "경제 담당")

    static let page: ArticleWithRelated = {
        let taken = Date(milliseconds: 1_728_544_980_123)
        let library = Photo(
            url: "/media/library/42", caption: "항구 전경 <b>", alt: "항구", photographer: reporter, credit: "", takenAt: taken,
            width: 4000, height: 3000, library: LibraryPhotoID(rawValue: 42), renditionStem: "2024/10/ab12")
        let handout = Photo(
            url: "https://example.test/p.jpg", caption: "제공 사진", alt: "", photographer: nil, credit: "시청 제공", takenAt: taken,
            width: nil, height: nil)
        let article = Article(
            id: ArticleID(rawValue: 1_234), headline: "부산항 물동량 \"역대 최대\"", subheadlines: ["부제 하나", ""],
            body: "본문 첫 문단.\n\n둘째 문단 🚢", summary: "요약", sectionID: SectionID(rawValue: 3), authors: [reporter],
            tags: [Tag("부산")!, Tag("항만")!], dateline: Dateline(city: "부산"), isBreaking: true, photos: [library, handout],
            publishedAt: Date(milliseconds: 1_728_544_980_001), updatedAt: Date(milliseconds: 1_728_545_000_999),
            corrections: [Correction(text: "수치를 바로잡았습니다.", at: Date(milliseconds: 1_728_545_000_999), editorName: "데스크")],
            grade: .headline, kind: .pressRelease, bodyHTML: "<p>본문 첫 문단.</p>")
        let related = [
            ArticleSummary(
                id: ArticleID(rawValue: 99), headline: "관련", summary: "", sectionID: SectionID(rawValue: 3), isBreaking: false,
                publishedAt: Date(milliseconds: 1_700_000_000_777), leadPhoto: library),
            ArticleSummary(
                id: ArticleID(rawValue: 98), headline: "사진 없는 관련", summary: "요약", sectionID: SectionID(rawValue: 4),
                isBreaking: true, publishedAt: Date(milliseconds: 1_600_000_000_001), leadPhoto: nil, grade: .important, kind: .interview),
        ]
        return ArticleWithRelated(article: article, related: related, isChained: true, hasLiveCoverage: false)
    }()

    @Test("a page reads back the same, to the millisecond and the rendition")
    func roundTrip() throws {
        let decoded = try #require(KeptPage.decode(KeptPage.encode(Self.page)))
        #expect(decoded.article == Self.page.article)
        #expect(decoded.related == Self.page.related)
        #expect(decoded.isChained && !decoded.hasLiveCoverage)
        #expect(decoded.article.photos[0].url == Self.page.article.photos[0].url)

        let bare = ArticleWithRelated(
            article: Article(
                id: ArticleID(rawValue: 1), headline: "짧은 기사", subheadlines: [], body: "", summary: "", sectionID: SectionID(rawValue: 1),
                authors: [], tags: [], dateline: nil, isBreaking: false, photos: [], publishedAt: Date(milliseconds: 0),
                updatedAt: Date(milliseconds: 0)),
            related: [], isChained: false, hasLiveCoverage: true)
        let decodedBare = try #require(KeptPage.decode(KeptPage.encode(bare)))
        #expect(decodedBare.article == bare.article)
        #expect(decodedBare.related.isEmpty && !decodedBare.isChained && decodedBare.hasLiveCoverage)
    }

    @Test("bytes of another layout, cut short or run long read as no page")
    func foreignBytes() {
        let bytes = KeptPage.encode(Self.page)
        var otherLayout = bytes
        otherLayout.setInteger(KeptPage.layout + 1, at: otherLayout.readerIndex)
        #expect(KeptPage.decode(otherLayout) == nil)
        for cut in [1, 9, bytes.readableBytes / 2, bytes.readableBytes - 1] {
            #expect(KeptPage.decode(bytes.getSlice(at: bytes.readerIndex, length: cut)!) == nil)
        }
        var longer = bytes
        longer.writeInteger(UInt8(0))
        #expect(KeptPage.decode(longer) == nil)
        #expect(KeptPage.decode(ByteBuffer()) == nil)
    }
}
