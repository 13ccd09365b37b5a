import BylineCore
import Foundation
import Testing

@Suite("NDJSON exchange lines")
struct ExchangeDecoderTests {
    func decode(_ line: String) throws(ExchangeLineError) -> ExchangeRecord {
        try ExchangeDecoder.decode(Array(line.utf8))
    }

    @Test("a whole article line reads into a document")
    func article() throws {
        let record = try decode("""
            {"external_id":"a-1","headline":"제목","subheadlines":["부제"],"body":"본문","section":"society/seoul",\
            "authors":[{"name":"홍길동","email":"hong@byline.test"}],"tags":["서울"],"dateline":"서울","breaking":true,\
            "published_at":"2024-10-10T16:23:00+09:00","photos":[{"url":"/media/a.jpg","caption":"설명","credit":"제공","alt":"대체","width":10,"height":20}]}
            """)
        guard case .article(let article) = record else { Issue.record("not an article"); return }
        #expect(article.externalID == "a-1")
        #expect(article.section.description == "society/seoul")
        #expect(article.authors == [Byline(name: "홍길동", email: "hong@byline.test")])
        #expect(article.isBreaking)
        #expect(article.publishedAt == Date(timeIntervalSince1970: 1_728_544_980))
        #expect(article.photos.first?.width == 10)
        // Encoding gives a line that reads back the same.
        let again = try ExchangeDecoder.decode(Array(ExchangeEncoder.line(record).dropLast()))
        #expect(again == record)
    }

    @Test("a section line reads into a section")
    func section() throws {
        #expect(try decode(#"{"kind":"section","slug":"society/seoul","name":"서울시"}"#)
            == .section(NewSection(path: SectionPath("society/seoul")!, name: "서울시")))
    }

    @Test("each bad line names its field", arguments: [
        (#"{"headline": "제목"#, nil as String?),
        (#"[1, 2]"#, nil),
        (#"{"section":"a","authors":[{"name":"n","email":"e@x"}]}"#, "headline"),
        (#"{"headline":"  ","section":"a","authors":[{"name":"n","email":"e@x"}]}"#, "headline"),
        (#"{"headline":"제목","section":"A B","authors":[{"name":"n","email":"e@x"}]}"#, "section"),
        (#"{"headline":"제목","section":"a","authors":[]}"#, "authors"),
        (#"{"headline":"제목","section":"a","authors":[{"name":"n","email":"nope"}]}"#, "authors[0].email"),
        (#"{"headline":7,"section":"a","authors":[{"name":"n","email":"e@x"}]}"#, "headline"),
        (#"{"headline":"제목","section":"a","authors":[{"name":"n","email":"e@x"}],"published_at":"어제"}"#, "published_at"),
        (#"{"headline":"제목","section":"a","authors":[{"name":"n","email":"e@x"}],"breaking":"yes"}"#, "breaking"),
        (#"{"headline":"제목","section":"a","authors":[{"name":"n","email":"e@x"}],"breaking":1}"#, "breaking"),
        (#"{"headline":"제목","section":"a","authors":[{"name":"n","email":"e@x"}],"tags":"서울"}"#, "tags"),
        (#"{"headline":"제목","section":"a","authors":[{"name":"n","email":"e@x"}],"photos":[{"caption":"x"}]}"#, "photos[0].url"),
        (#"{"headline":"제목","section":"a","authors":[{"name":"n","email":"e@x"}],"photos":[{"url":"/x.jpg","width":-3}]}"#, "photos[0].width"),
        (#"{"kind":"video","headline":"제목"}"#, "kind"),
    ])
    func badLines(_ line: String, field: String?) {
        #expect {
            try decode(line)
        } throws: { error in
            (error as? ExchangeLineError)?.field == field
        }
    }

    @Test("bytes that are not UTF-8 are refused")
    func invalidUTF8() {
        #expect(throws: ExchangeLineError.self) {
            try ExchangeDecoder.decode([UInt8](#"{"headline":""#.utf8) + [0xFF, 0xFE] + [UInt8](#""}"#.utf8))
        }
    }
}

@Suite("Image sniffing")
struct ImageInfoTests {
    @Test("formats and sizes come from the bytes")
    func formats() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + [0, 0, 2, 0, 0, 0, 1, 0x2C]
        #expect(ImageInfo(png) == nil || ImageInfo(png)?.width == 512)
        let png24 = png + [8, 2, 0, 0, 0]
        #expect(ImageInfo(png24)?.format == .png)
        #expect(ImageInfo(png24)?.height == 300)
        let gif = Array("GIF89a".utf8) + [0x40, 0x01, 0xF0, 0x00, 0, 0]
        #expect(ImageInfo(gif) == ImageInfo(gif))
        #expect(ImageInfo(gif)?.width == 320)
        #expect(ImageInfo(gif)?.height == 240)
        // A JPEG: SOI, an APP0 segment, then SOF0 with height 600 and width 800.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x02, 0x58, 0x03, 0x20, 0x03, 0, 0, 0]
        #expect(ImageInfo(jpeg)?.format == .jpeg)
        #expect(ImageInfo(jpeg)?.width == 800)
        #expect(ImageInfo(jpeg)?.height == 600)
        let webp = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8X".utf8) + [10, 0, 0, 0, 0, 0, 0, 0, 0x1F, 0x03, 0x00, 0x57, 0x02, 0x00]
        #expect(ImageInfo(webp)?.format == .webp)
        #expect(ImageInfo(webp)?.width == 800)
        #expect(ImageInfo(webp)?.height == 600)
    }

    @Test("renamed, truncated and foreign files are not images", arguments: [
        Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8), [0xFF, 0xD8, 0xFF], Array("GIF89a".utf8), [], Array("%PDF-1.7".utf8),
    ])
    func notImages(_ bytes: [UInt8]) {
        #expect(ImageInfo(bytes) == nil)
    }
}
