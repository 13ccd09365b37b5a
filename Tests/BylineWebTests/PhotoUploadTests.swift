import BylineCore
import BylineMedia
import Foundation
import Hummingbird
import HummingbirdTesting
import BylineTestSupport
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Photo upload")
struct PhotoUploadTests {
    /// A real 3×2 PNG, made for this test.
    static let png: [UInt8] = [
        137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0, 18, 22, 241, 77,
        0, 0, 0, 17, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 65, 48, 250, 63, 3, 0, 62, 213, 5, 251, 168, 46, 47, 77,
        0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
    ]
    /// A GIF header and trailer around a 5×4 screen.
    static let gif: [UInt8] = Array("GIF89a".utf8) + [5, 0, 4, 0, 0, 0, 0, 0x3B]

    static func multipart(_ fields: [String: String], file: (name: String, bytes: [UInt8])?) -> (String, ByteBuffer) {
        let boundary = "byline-test-boundary-7MA4YWxk"
        var body: [UInt8] = []
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\(file.name)\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", ByteBuffer(bytes: body))
    }

    @Test("an upload goes into the photo library: original kept privately, renditions made in the background, refusals in Korean")
    func upload() async throws {
        // A 2 MB limit: the limits are the same code at 30 MB, without 30 MB bodies in a debug build.
        let newsroom = try await NewsroomWebFixture(rendersPhotos: false, photos: PhotoProcessor(maximumBytes: 2 * 1024 * 1024))
        let pictures = try Pictures()
        // 2400×1600, with the photographer's GPS position and camera serial in its EXIF.
        let camera = try pictures.make("camera.jpg", width: 2400, height: 1600)
        try pictures.exiftool(
            "-GPSLatitude=37.55", "-GPSLatitudeRef=N", "-EXIF:SerialNumber=CAM-77", "-codedcharacterset=utf8", "-IPTC:By-line=김사진", camera)
        let jpeg = [UInt8](try Data(contentsOf: URL(fileURLWithPath: camera)))
        let desk = try #require(newsroom.site.photoDesk)
        try await newsroom.site.application().test(.router) { client in
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let created = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: editor)
            let id = try #require(NewsroomWebFixture.id(fromLocation: created))
            func send(_ file: (String, [UInt8])?, version: Int, csrf: String? = nil, caption: String = "개관을 앞둔 도서관 열람실.") async throws -> TestResponse {
                let (type, body) = Self.multipart(
                    ["csrf_token": csrf ?? editor.csrf, "version": String(version), "caption": caption, "credit": "마포구 제공", "alt": "책장이 늘어선 열람실"],
                    file: file.map { (name: $0.0, bytes: $0.1) })
                return try await client.execute(
                    uri: "/admin/articles/\(id)/photos", method: .post, headers: [.contentType: type, .cookie: editor.cookie], body: body)
            }

            let stored = try await send(("열람실.png", jpeg), version: 1)
            #expect(stored.status == .seeOther, "a JPEG named .png is still a JPEG")
            let photo = try #require(try await newsroom.site.newsroom.draft(id).document.photos.first)
            let library = try #require(photo.library)
            #expect(photo.width == 2400 && photo.height == 1600)
            #expect(photo.url == "/admin/photos/\(library)/image")
            #expect(photo.caption == "개관을 앞둔 도서관 열람실." && photo.credit == "마포구 제공" && photo.alt == "책장이 늘어선 열람실")
            let kept = try #require(try await newsroom.web.accounts.libraryPhoto(library))
            #expect(kept.byline == "김사진" && kept.isPending, "the by-line read from the file")
            let original = newsroom.web.directory.appendingPathComponent("originals").appendingPathComponent(kept.original)
            #expect(FileManager.default.fileExists(atPath: original.path), "the original is kept outside /media/")

            // Until the renditions exist, the editor shows a placeholder and readers see no photo.
            let placeholder = try await newsroom.get(client, photo.url, as: editor)
            #expect(placeholder.status == .ok && placeholder.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
            #expect(placeholder.text.contains("사진 처리 중"))
            #expect(try await client.execute(uri: photo.url, method: .get).status != .ok, "the newsroom's address is not public")
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/publish", [:], as: editor).status == .seeOther)
            let before = try await client.execute(uri: "/news/\(id)", method: .get)
            #expect(before.status == .ok && !before.text.contains("<picture>") && !before.text.contains(photo.url))

            #expect(await desk.renderPending() == 1)
            let ready = try await newsroom.get(client, photo.url, as: editor)
            #expect(ready.status == .found)
            let location = try #require(ready.headers[.location])
            #expect(location.hasPrefix("/media/p-") && location.hasSuffix("-1280.jpg"))
            let served = try await client.execute(uri: location, method: .get)
            #expect(served.status == .ok && served.headers[.cacheControl] == "public, max-age=31536000, immutable")
            let file = newsroom.web.directory.appendingPathComponent("media").appendingPathComponent(String(location.dropFirst(7)))
            let onDisk = try Data(contentsOf: file)
            #expect(Data(buffer: served.body) == onDisk)
            #expect(Data(buffer: try await client.execute(uri: location, method: .get).body) == onDisk, "kept in memory, the same bytes")
            let tags = try pictures.tags(file.path).keys.joined(separator: " ")
            #expect(!tags.contains("GPS") && !tags.contains("SerialNumber"), "\(tags)")

            // The reader's page, without waiting for its cached copy to expire.
            let page = try await client.execute(uri: "/news/\(id)", method: .get).text
            let stem = String(location.dropFirst(7).dropLast(9))
            #expect(page.contains("<picture>"))
            #expect(page.contains("<source type=\"image/webp\" srcset=\"/media/\(stem)-320.webp 320w, /media/\(stem)-640.webp 640w, "))
            #expect(page.contains("width=\"1280\" height=\"853\" fetchpriority=\"high\" decoding=\"async\""))
            #expect(page.contains("<meta property=\"og:image\" content=\"http://127.0.0.1:0/media/\(stem)-og.jpg\">"))
            #expect(page.contains("<meta property=\"og:image:width\" content=\"1200\">\n<meta property=\"og:image:height\" content=\"630\">"))
            #expect(page.contains("<meta name=\"robots\" content=\"max-image-preview:large\">"))
            for crop in ["16x9", "4x3", "1x1"] {
                #expect(page.contains("/media/\(stem)-\(crop).jpg"), "JSON-LD image \(crop)")
            }

            let feed = try await client.execute(uri: "/rss.xml", method: .get).text
            #expect(feed.contains("<media:content url=\"http://127.0.0.1:0/media/\(stem)-1280.jpg\" type=\"image/jpeg\" medium=\"image\" width=\"1280\" height=\"853\">"))
            let ninjs = try await client.execute(uri: "/api/v1/articles/\(id)?format=ninjs", method: .get).text
            #expect(ninjs.contains("\"name\":\"w1920-webp\"") && ninjs.contains("\"name\":\"og\""), "\(ninjs.prefix(300))")
            #expect(try DocumentInspector.schemaErrors("ninjs", ninjs) == [], "every rendition as ninjs 2.2 names it")

            let renamed = try await send(("사진.jpg", Array("이것은 사진이 아니라 글입니다.".utf8)), version: 3)
            #expect(renamed.status == .badRequest)
            #expect(renamed.text.contains("JPEG, PNG, WebP, GIF 사진만"))
            #expect(renamed.text.contains("value=\"개관을 앞둔 도서관 열람실.\""), "what was typed is kept")

            let truncated = try await send(("잘림.jpg", Array(jpeg.prefix(jpeg.count / 2))), version: 3)
            #expect(truncated.status == .badRequest)
            #expect(truncated.text.contains("잘렸습니다"))

            let svg = try await send(("로고.svg", Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)), version: 3)
            #expect(svg.status == .badRequest && svg.text.contains("SVG"))

            var oversize = jpeg
            oversize.insert(contentsOf: [UInt8](repeating: 0, count: 2 * 1024 * 1024), at: 40)
            let large = try await send(("큰사진.jpg", oversize), version: 3)
            #expect(large.status == .badRequest)
            #expect(large.text.contains("2MB까지"))
            #expect(large.text.contains("· 2MB 이하)"), "the form says the configured limit")
            oversize.insert(contentsOf: [UInt8](repeating: 0, count: 1024 * 1024), at: 40)
            let larger = try await send(("더큰사진.jpg", oversize), version: 3)
            #expect(larger.status == .contentTooLarge && !larger.text.contains("더큰사진"))

            #expect(try await send(("열람실.jpg", jpeg), version: 3, csrf: "forged").status == .forbidden)
            let plain = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try pictures.make("plain.jpg", width: 300, height: 200))))
            let uncaptioned = try await send(("열람실.jpg", plain), version: 3, caption: " ")
            #expect(uncaptioned.status == .badRequest && uncaptioned.text.contains("파일에도 설명이 없습니다"), "neither form nor file has one")
            #expect(try await newsroom.site.newsroom.draft(id).document.photos.count == 1, "no refused upload changed the article")
            #expect(try await newsroom.web.accounts.libraryPhotos(matching: nil, page: PageRequest(limit: 10)).items.count == 1,
                    "nothing refused reached the library")

            // An animated GIF is taken, and the desk is told readers see its first frame.
            let moving = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try pictures.animatedGIF("moving.gif", width: 80, height: 60, frames: 5))))
            let animated = try await send(("깃발.gif", moving), version: 3, caption: "펄럭이는 깃발")
            #expect(animated.status == .seeOther && animated.headers[.location] == "/admin/articles/\(id)?saved=motion")
            let told = try await newsroom.get(client, "/admin/articles/\(id)?saved=motion", as: editor)
            #expect(told.text.contains("움직이는 사진은 기사에 첫 장면이 정지 사진으로 실립니다"))
        }
    }

    @Test("a multipart body that is cut short, not UTF-8 in a text field, or not multipart at all is a Korean 400")
    func malformedBodies() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let created = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: editor)
            let id = try #require(NewsroomWebFixture.id(fromLocation: created))
            let (type, whole) = Self.multipart(
                ["csrf_token": editor.csrf, "version": "1", "caption": "설명", "alt": "대체"], file: (name: "a.png", bytes: Self.png))
            let bytes = Array(whole.readableBytesView)
            let notUTF8 = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "설명", with: "XX").utf8)
                .split(separator: UInt8(ascii: "X"), maxSplits: 1, omittingEmptySubsequences: false)
            let broken: [(String, [UInt8])] = [
                ("cut before its closing boundary", Array(bytes.dropLast(40))),
                ("a text field that is not UTF-8", Array(notUTF8[0]) + [0xFF, 0xFE] + Array(notUTF8[1].dropFirst())),
                ("no parts at all", Array("--byline-test-boundary-7MA4YWxk--\r\n".utf8)),
                ("garbage", Array("이것은 양식이 아닙니다".utf8)),
            ]
            for (what, body) in broken {
                let answer = try await client.execute(
                    uri: "/admin/articles/\(id)/photos", method: .post, headers: [.contentType: type, .cookie: editor.cookie],
                    body: ByteBuffer(bytes: body))
                #expect(answer.status == .badRequest, "\(what)")
                #expect(answer.text.contains("양식을 읽을 수 없습니다"), "\(what): \(answer.text.prefix(200))")
            }
            let noBoundary = try await client.execute(
                uri: "/admin/articles/\(id)/photos", method: .post, headers: [.contentType: "multipart/form-data", .cookie: editor.cookie],
                body: whole)
            #expect(noBoundary.status == .badRequest)
            #expect(try await newsroom.site.newsroom.draft(id).document.photos.isEmpty, "nothing refused reached the article")
        }
    }
}
