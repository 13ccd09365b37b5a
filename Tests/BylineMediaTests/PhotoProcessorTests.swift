import BylineCore
import Foundation
import BylineTestSupport
import Testing
@testable import BylineMedia

@Suite("Photo processing on libvips")
struct PhotoProcessorTests {
    let processor = PhotoProcessor()

    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test("uploads are known by their bytes, and refused with a reason before anything is decoded")
    func examine() throws {
        let pictures = try Pictures()
        let jpeg = try bytes(try pictures.make("fine.jpg", width: 64, height: 48))
        #expect(try processor.examine(jpeg) == ImageInfo(jpeg))

        func refusal(_ bytes: [UInt8], with processor: PhotoProcessor = PhotoProcessor()) -> PhotoProblem? {
            do {
                _ = try processor.examine(bytes)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal([]) == .empty)
        #expect(refusal(Array("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)) == .svg)
        #expect(refusal([0, 0, 0, 0x18] + Array("ftypheic".utf8) + [UInt8](repeating: 0, count: 32))
            == (Vips.has("heifload") ? .unreadable : .heifUnreadable))
        #expect(refusal(Array("이건 사진이 아니라 글입니다.jpg".utf8)) == .unrecognised)
        #expect(refusal(Array(jpeg.prefix(jpeg.count / 2))) == .truncated)
        #expect(refusal(jpeg, with: PhotoProcessor(maximumBytes: 100)) == .tooLarge(bytes: 100))

        // A "decompression bomb": a PNG header claiming 50,000 × 50,000 pixels in a few bytes.
        var bomb: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        bomb += [0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50, 8, 2, 0, 0, 0, 0, 0, 0, 0]
        bomb += [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
        #expect(refusal(bomb) == .tooManyPixels(limit: 100_000_000))
        #expect(!PhotoProblem.tooManyPixels(limit: 100_000_000).message.isEmpty)
    }

    @Test("renditions: upright, every width up to the original's, WebP and JPEG, crops, and no private metadata")
    func renditions() throws {
        let pictures = try Pictures()
        // Stored sideways (3000×2000 with orientation 6, "turn 90° clockwise"), with GPS and a serial number.
        let original = try pictures.make("camera.jpg", width: 3000, height: 2000)
        try pictures.exiftool(
            "-Orientation#=6", "-GPSLatitude=37.5665", "-GPSLatitudeRef=N", "-GPSLongitude=126.978", "-GPSLongitudeRef=E",
            "-EXIF:SerialNumber=SN-0042", "-EXIF:Artist=김사진", "-IPTC:Caption-Abstract=비공개 메모", original)
        let inspected = try processor.inspect(original, format: .jpeg)
        #expect((inspected.width, inspected.height) == (2000, 3000))

        let output = pictures.directory.appendingPathComponent("public")
        let rights = RightsNotice(copyright: "ⓒ 바이라인통신", credit: "바이라인통신", creator: "김사진")
        let made = try processor.render(original, stem: "p-abc", focus: .centre, rights: rights, into: output)

        let full = made.filter { $0.kind == .full }
        #expect(Set(full.map(\.width)) == [320, 640, 960, 1280, 1920])
        #expect(full.count == 10)
        for rendition in full {
            #expect(rendition.height == Int((Double(rendition.width) * 1.5).rounded()))
            let info = try #require(ImageInfo(try bytes(output.appendingPathComponent(rendition.name).path)))
            #expect(info.format.mediaType == rendition.mediaType)
            #expect((info.width, info.height) == (rendition.width, rendition.height))
        }
        // Turned upright: the bright half that was on the left now lies on top.
        let jpeg = output.appendingPathComponent("p-abc-640.jpg").path
        #expect(try pictures.pixel(jpeg, 320, 100)[0] > 150)
        #expect(try pictures.pixel(jpeg, 320, 860)[0] < 100)

        let crops = Dictionary(uniqueKeysWithValues: made.filter { $0.kind != .full }.map { ($0.kind, ($0.width, $0.height)) })
        #expect(crops[.wide]! == (1200, 675))
        #expect(crops[.standard]! == (1200, 900))
        #expect(crops[.square]! == (1200, 1200))
        #expect(crops[.social]! == (1200, 630))

        for rendition in made {
            let tags = try pictures.tags(output.appendingPathComponent(rendition.name).path)
            let keys = tags.keys.joined(separator: " ")
            #expect(!keys.contains("GPS"), "\(rendition.name): \(keys)")
            #expect(!keys.contains("SerialNumber"), "\(rendition.name)")
            #expect(!keys.contains("Caption-Abstract"), "\(rendition.name)")
            #expect(tags["XMP-dc:Rights"] == "ⓒ 바이라인통신", "\(rendition.name)")
            #expect(tags["XMP-photoshop:Credit"] == "바이라인통신", "\(rendition.name)")
        }
    }

    @Test("AVIF is read when this libvips has its HEIF loader, and refused in words when not")
    func avif() throws {
        let pictures = try Pictures()
        let original = pictures.path("phone.avif")
        try pictures.run("vips", "copy", try pictures.make("phone.v", width: 800, height: 600), original)
        let bytes = try bytes(original)
        guard Vips.has("heifload") else {
            #expect(throws: PhotoProblem.heifUnreadable) { try processor.examine(bytes) }
            return
        }
        let info = try processor.examine(bytes)
        #expect((info.format, info.width, info.height) == (.avif, 800, 600))
        let made = try processor.render(original, stem: "a", focus: .centre, rights: nil, into: pictures.directory)
        #expect(Set(made.filter { $0.kind == .full }.map(\.width)) == [320, 640, 800])
    }

    @Test("a small picture is never enlarged")
    func smallPicture() throws {
        let pictures = try Pictures()
        let original = try pictures.make("small.png", width: 500, height: 250)
        let made = try processor.render(original, stem: "s", focus: .centre, rights: nil, into: pictures.directory)
        #expect(Set(made.filter { $0.kind == .full }.map(\.width)) == [320, 500])
        #expect(made.filter { $0.kind != .full }.allSatisfy { $0.width <= 500 && $0.height <= 250 })
        #expect(made.first { $0.kind == .square }.map { ($0.width, $0.height) }! == (250, 250))
    }

    @Test("an animated GIF is counted by its frames, and its renditions are its first frame, still")
    func animatedGIF() throws {
        let pictures = try Pictures()
        let original = try pictures.animatedGIF("moving.gif", width: 400, height: 300, frames: 3)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: original)))
        let info = try processor.examine(bytes)
        #expect((info.format, info.width, info.height) == (.gif, 400, 300), "the screen, not three frames stacked")
        let inspected = try processor.inspect(original, format: .gif)
        #expect((inspected.frames, inspected.width, inspected.height) == (3, 400, 300))
        let made = try processor.render(original, stem: "g", focus: .centre, rights: nil, into: pictures.directory)
        #expect(Set(made.filter { $0.kind == .full }.map(\.width)) == [320, 400])
        for rendition in made {
            let file = pictures.directory.appendingPathComponent(rendition.name).path
            let header = try pictures.run("vipsheader", "-a", file)
            #expect(!header.contains("n-pages") && !header.contains("gifload"), "\(rendition.name) is one still picture")
            let pixel = try pictures.pixel(file, rendition.width / 2, rendition.height / 2)
            #expect(pixel[0] > 200 && pixel[1] < 50 && pixel[2] < 50, "\(rendition.name): the first frame is red, not \(pixel)")
        }
        let stillOne = try pictures.animatedGIF("still.gif", width: 40, height: 30, frames: 1)
        #expect(try processor.inspect(stillOne, format: .gif).frames == 1)
    }

    @Test("a print desk's CMYK JPEG comes out in sRGB")
    func cmyk() throws {
        let pictures = try Pictures()
        try pictures.make("rgb.v", width: 800, height: 600)
        let original = pictures.path("print.jpg")
        try pictures.run("vips", "colourspace", pictures.path("rgb.v"), original, "cmyk")
        #expect(try pictures.header(original).hasSuffix("4 bands, cmyk, jpegload"))
        let made = try processor.render(original, stem: "c", focus: .centre, rights: nil, into: pictures.directory)
        for rendition in made where rendition.mediaType == "image/jpeg" {
            let file = pictures.directory.appendingPathComponent(rendition.name).path
            #expect(try pictures.header(file).hasSuffix("3 bands, srgb, jpegload"))
        }
    }

    @Test("a file that is whole on the outside but corrupt inside is refused")
    func corrupt() throws {
        let pictures = try Pictures()
        var jpeg = try bytes(try pictures.make("good.jpg", width: 640, height: 480))
        for index in stride(from: jpeg.count / 3, to: jpeg.count - 2, by: 1) { jpeg[index] = 0xFF }
        let broken = pictures.path("broken.jpg")
        try Data(jpeg).write(to: URL(fileURLWithPath: broken))
        #expect(throws: PhotoProblem.unreadable) {
            try processor.render(broken, stem: "b", focus: .centre, rights: nil, into: pictures.directory)
        }
    }

    @Test("crops keep the focal point in frame, as far as the edges allow")
    func focalCrops() {
        let size = (width: 1920, height: 1080)
        #expect(PhotoProcessor.area(of: size, aspect: 1, around: .centre) == (420, 0, 1080, 1080))
        #expect(PhotoProcessor.area(of: size, aspect: 1, around: FocalPoint(x: 0.1, y: 0.5)) == (0, 0, 1080, 1080))
        #expect(PhotoProcessor.area(of: size, aspect: 1, around: FocalPoint(x: 0.75, y: 0.5)) == (840, 0, 1080, 1080))
        #expect(PhotoProcessor.area(of: (1000, 2000), aspect: 16.0 / 9.0, around: FocalPoint(x: 0.5, y: 0.2)) == (0, 119, 1000, 563))
        #expect(FocalPoint(x: 7, y: -.infinity) == FocalPoint(x: 1, y: 0.5))
    }

    @Test("the watermark goes on renditions from its minimum width up, in its corner")
    func watermark() throws {
        let pictures = try Pictures()
        try pictures.run("vips", "black", pictures.path("zero.v"), "1600", "1000", "--bands", "3")
        let original = pictures.path("night.jpg")
        try pictures.run("vips", "copy", pictures.path("zero.v"), original)
        try pictures.run("vips", "black", pictures.path("mark0.v"), "60", "30", "--bands", "4")
        let mark = pictures.path("mark.png")
        try pictures.run("vips", "linear", pictures.path("mark0.v"), mark, "1", "255", "--uchar")
        let marking = PhotoProcessor(watermark: Watermark(path: mark, corner: .bottomRight, opacity: 1, minimumWidth: 640))
        _ = try marking.render(original, stem: "w", focus: .centre, rights: nil, into: pictures.directory)
        let large = pictures.path("w-960.jpg"), small = pictures.path("w-320.jpg")
        // 960×600: the margin is 960 / 50 = 19 pixels, so the mark covers x 881...940, y 551...580.
        #expect(try pictures.pixel(large, 910, 565)[0] > 200)
        #expect(try pictures.pixel(large, 100, 100)[0] < 30)
        #expect(try pictures.pixel(small, 300, 190)[0] < 30)
    }
}
