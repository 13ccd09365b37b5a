import BylineCore
import Foundation
import BylineTestSupport
import Testing
@testable import BylineMedia

@Suite("Photo metadata read from the file")
struct PhotoMetadataTests {
    let processor = PhotoProcessor()

    func seoul(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Seoul") ?? .gmt
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))
    }

    @Test("IPTC in UTF-8 gives the caption, by-line, credit, copyright and time")
    func iptcUTF8() throws {
        let pictures = try Pictures()
        let file = try pictures.make("iptc.jpg", width: 400, height: 300)
        try pictures.exiftool(
            "-codedcharacterset=utf8", "-IPTC:Caption-Abstract=시청 앞 광장에 내린 첫눈", "-IPTC:By-line=김사진",
            "-IPTC:Credit=바이라인통신", "-IPTC:CopyrightNotice=ⓒ 바이라인통신", "-IPTC:DateCreated=20261201",
            "-IPTC:TimeCreated=093000+0900", "-EXIF:Artist=Someone Else", "-XMP-dc:Description=XMP가 아니라 IPTC가 먼저", file)
        let metadata = try processor.inspect(file, format: .jpeg).metadata
        #expect(metadata.caption == "시청 앞 광장에 내린 첫눈")
        #expect(metadata.byline == "김사진")
        #expect(metadata.credit == "바이라인통신")
        #expect(metadata.copyright == "ⓒ 바이라인통신")
        #expect(metadata.createdAt == seoul(2026, 12, 1, 9, 30))
    }

    @Test("XMP fills what IPTC lacks, and EXIF's Artist and DateTimeOriginal come last")
    func fallbacks() throws {
        let pictures = try Pictures()
        let xmp = try pictures.make("xmp.jpg", width: 400, height: 300)
        try pictures.exiftool(
            "-XMP-dc:Description=한강 다리 위의 저녁 노을", "-XMP-dc:Creator=이사진", "-XMP-photoshop:Credit=바이라인통신 사진부",
            "-XMP-dc:Rights=ⓒ 바이라인통신", "-XMP-photoshop:DateCreated=2026:11:30 18:05:00+09:00", xmp)
        let fromXMP = try processor.inspect(xmp, format: .jpeg).metadata
        #expect(fromXMP == PhotoMetadata(
            caption: "한강 다리 위의 저녁 노을", byline: "이사진", credit: "바이라인통신 사진부", copyright: "ⓒ 바이라인통신",
            createdAt: seoul(2026, 11, 30, 18, 5)))

        let exif = try pictures.make("exif.jpg", width: 400, height: 300)
        try pictures.exiftool("-EXIF:Artist=Park Camera", "-EXIF:DateTimeOriginal=2026:11:29 07:15:00", exif)
        let fromEXIF = try processor.inspect(exif, format: .jpeg).metadata
        #expect(fromEXIF == PhotoMetadata(byline: "Park Camera", createdAt: seoul(2026, 11, 29, 7, 15)))
    }

    @Test("IPTC in EUC-KR, as older Korean cameras and desks write it without naming it")
    func iptcEUCKR() throws {
        let pictures = try Pictures()
        let file = try pictures.make("plain.jpg", width: 200, height: 100)
        // "김사진" and "시청 앞 첫눈" in EUC-KR (Python: "김사진".encode("euc-kr")).
        let byline: [UInt8] = [0xB1, 0xE8, 0xBB, 0xE7, 0xC1, 0xF8]
        let caption: [UInt8] = [0xBD, 0xC3, 0xC3, 0xBB, 0x20, 0xBE, 0xD5, 0x20, 0xC3, 0xB9, 0xB4, 0xAB]
        func dataset(_ number: UInt8, _ value: [UInt8]) -> [UInt8] {
            [0x1C, 2, number, UInt8(value.count >> 8), UInt8(value.count & 0xFF)] + value
        }
        let iim = dataset(80, byline) + dataset(120, caption)
        var resource = Array("Photoshop 3.0\0".utf8) + Array("8BIM".utf8) + [0x04, 0x04, 0, 0]
        resource += [0, 0, UInt8(iim.count >> 8), UInt8(iim.count & 0xFF)] + iim
        if iim.count % 2 == 1 { resource.append(0) }
        let segment: [UInt8] = [0xFF, 0xED, UInt8((resource.count + 2) >> 8), UInt8((resource.count + 2) & 0xFF)] + resource
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        bytes.insert(contentsOf: segment, at: 2)
        let spliced = pictures.path("euckr.jpg")
        try Data(bytes).write(to: URL(fileURLWithPath: spliced))

        let metadata = try processor.inspect(spliced, format: .jpeg).metadata
        #expect(metadata.byline == "김사진")
        #expect(metadata.caption == "시청 앞 첫눈")
    }

    @Test("damaged metadata blocks are ignored, not trusted")
    func damagedBlocks() {
        let metadata = PhotoMetadata(
            iptc: Array("Photoshop 3.0\0".utf8) + Array("8BIM".utf8) + [0x04, 0x04, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x1C],
            xmp: Array("<x:xmpmeta><dc:description><rdf:Alt><rdf:li>".utf8),
            exif: Array("Exif\0\0MM\0*\0\0\0\u{8}\u{FF}\u{FF}".utf8))
        #expect(metadata == PhotoMetadata())
    }
}
