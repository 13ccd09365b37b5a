import BylineCore
import BylineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Photo library in the newsroom")
struct PhotoLibraryTests {
    func upload(
        _ client: some TestClientProtocol, _ uri: String, _ bytes: [UInt8], fields: [String: String], as session: NewsroomSession
    ) async throws -> TestResponse {
        let (type, body) = PhotoUploadTests.multipart(fields.merging(["csrf_token": session.csrf]) { $1 }, file: (name: "a.jpg", bytes: bytes))
        return try await client.execute(uri: uri, method: .post, headers: [.contentType: type, .cookie: session.cookie], body: body)
    }

    @Test("upload with the file's own caption, find it, set the focal point by a click, reuse it, replace it")
    func library() async throws {
        let newsroom = try await NewsroomWebFixture(rendersPhotos: false)
        let desk = try #require(newsroom.site.photoDesk)
        let pictures = try Pictures()
        let file = try pictures.make("harbour.jpg", width: 1600, height: 900)
        try pictures.exiftool(
            "-codedcharacterset=utf8", "-IPTC:Caption-Abstract=새벽 부두에 들어오는 어선", "-IPTC:Credit=바이라인통신 사진부", "-IPTC:By-line=이사진", file)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let second = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try pictures.make("second.png", width: 800, height: 800))))
        try await newsroom.site.application().test(.router) { client in
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let reporter = try await newsroom.signIn(client, as: newsroom.reporter)

            let added = try await upload(client, "/admin/photos", bytes, fields: ["alt": "어선 한 척이 부두로 들어온다"], as: editor)
            #expect(added.status == .seeOther)
            let location = try #require(added.headers[.location])
            let id = try #require(location.firstMatch(of: /\/admin\/photos\/(\d+)/).flatMap { LibraryPhotoID(String($0.1)) })
            let stored = try #require(try await newsroom.web.accounts.libraryPhoto(id))
            #expect(stored.caption == "새벽 부두에 들어오는 어선" && stored.credit == "바이라인통신 사진부" && stored.byline == "이사진")

            let list = try await newsroom.get(client, "/admin/photos?q=%EB%B6%80%EB%91%90", as: editor)
            #expect(list.status == .ok && list.text.contains("새벽 부두에 들어오는 어선") && list.text.contains("처리 중"))
            #expect(try await newsroom.get(client, "/admin/photos?q=" + percentEncode("없는낱말"), as: editor).text.contains("찾는 조건에 맞는 사진이 없습니다"))
            let byPhotographer = "/admin/photos?photographer=" + percentEncode("이사진")
            #expect(try await newsroom.get(client, byPhotographer, as: editor).text.contains("새벽 부두에 들어오는 어선"))
            #expect(try await newsroom.get(client, byPhotographer + "&to=2020-01-01", as: editor).text.contains("찾는 조건에 맞는 사진이 없습니다"))
            #expect(try await newsroom.get(client, "/admin/photos?from=어제", as: editor).status == .badRequest)
            let symbols = try await newsroom.get(client, "/admin/photos?q=" + percentEncode("%%"), as: editor)
            #expect(symbols.status == .badRequest && symbols.text.contains("기호만으로는 검색할 수 없습니다"))
            #expect(try await newsroom.get(client, "/admin/photos?cursor=망가진", as: editor).status == .badRequest)
            #expect(await desk.renderPending() == 1)
            let firstStem = try #require(try await newsroom.web.accounts.libraryPhoto(id)?.stem)

            // A click at (480, 180) on the 640-pixel picture puts the focal point at 75%, 50%.
            let detail = try await newsroom.get(client, "/admin/photos/\(id)", as: editor)
            #expect(detail.text.contains("<input type=\"image\" name=\"focus\""))
            #expect(try await newsroom.post(client, "/admin/photos/\(id)", ["focus.x": "480", "focus.y": "180"], as: editor).status == .seeOther)
            let focused = try #require(try await newsroom.web.accounts.libraryPhoto(id))
            #expect(focused.focus == FocalPoint(x: 0.75, y: 0.5) && focused.isPending && focused.caption == "새벽 부두에 들어오는 어선")
            #expect(await desk.renderPending() == 1)
            let secondStem = try #require(try await newsroom.web.accounts.libraryPhoto(id)?.stem)
            #expect(secondStem != firstStem, "new crops, new names")

            // A reporter may use it but not change it.
            #expect(try await newsroom.post(client, "/admin/photos/\(id)", ["caption": "바꿈"], as: reporter).status == .forbidden)

            // Reused in an article by its number, with the library's caption and alt text.
            let created = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: editor)
            let article = try #require(NewsroomWebFixture.id(fromLocation: created))
            let (type, body) = PhotoUploadTests.multipart(["csrf_token": editor.csrf, "version": "1", "library": id.description], file: nil)
            let reused = try await client.execute(
                uri: "/admin/articles/\(article)/photos", method: .post, headers: [.contentType: type, .cookie: editor.cookie], body: body)
            #expect(reused.status == .seeOther, "\(reused.text.prefix(300))")
            let photo = try #require(try await newsroom.site.newsroom.draft(article).document.photos.first)
            #expect(photo.library == id && photo.caption == "새벽 부두에 들어오는 어선" && photo.alt == "어선 한 척이 부두로 들어온다")
            let (badType, badBody) = PhotoUploadTests.multipart(["csrf_token": editor.csrf, "version": "2", "library": "9999"], file: nil)
            let missing = try await client.execute(
                uri: "/admin/articles/\(article)/photos", method: .post, headers: [.contentType: badType, .cookie: editor.cookie], body: badBody)
            #expect(missing.status == .badRequest && missing.text.contains("보관함에 9999번 사진이 없습니다"))

            // Uploaded in the editor with the caption field left empty: the file's caption is used.
            let (fileType, fileBody) = PhotoUploadTests.multipart(
                ["csrf_token": editor.csrf, "version": "2", "caption": "", "alt": "부두의 어선"], file: (name: "b.jpg", bytes: bytes))
            let captioned = try await client.execute(
                uri: "/admin/articles/\(article)/photos", method: .post, headers: [.contentType: fileType, .cookie: editor.cookie], body: fileBody)
            #expect(captioned.status == .seeOther, "\(captioned.text.prefix(300))")
            let again = try #require(try await newsroom.site.newsroom.draft(article).document.photos.last)
            #expect(again.caption == "새벽 부두에 들어오는 어선" && again.library == id, "the same picture again is the library's, not a copy")
            let (typedType, typedBody) = PhotoUploadTests.multipart(
                ["csrf_token": editor.csrf, "version": "3", "caption": "이 기사만의 설명", "alt": "부두의 어선"], file: (name: "b.jpg", bytes: bytes))
            let typed = try await client.execute(
                uri: "/admin/articles/\(article)/photos", method: .post, headers: [.contentType: typedType, .cookie: editor.cookie], body: typedBody)
            #expect(typed.status == .seeOther)
            #expect(try await newsroom.site.newsroom.draft(article).document.photos.last?.caption == "이 기사만의 설명", "what was typed wins")
            #expect(try await newsroom.web.accounts.libraryPhoto(id)?.caption == "새벽 부두에 들어오는 어선", "the library keeps its own")
            #expect(try await newsroom.post(client, "/admin/articles/\(article)/publish", [:], as: editor).status == .seeOther)
            #expect(try await client.execute(uri: "/news/\(article)", method: .get).text.contains("/media/\(secondStem)-1280.webp"))

            // A new original: every article showing the picture gets its renditions.
            #expect(try await upload(client, "/admin/photos/\(id)/original", second, fields: [:], as: editor).status == .seeOther)
            #expect(await desk.renderPending() == 1)
            let replaced = try #require(try await newsroom.web.accounts.libraryPhoto(id))
            let thirdStem = try #require(replaced.stem)
            #expect((replaced.width, replaced.height, replaced.format) == (800, 800, .png))
            let page = try await client.execute(uri: "/news/\(article)", method: .get).text
            #expect(page.contains("/media/\(thirdStem)-800.webp 800w") && !page.contains(secondStem))
            #expect(try await newsroom.get(client, "/admin/photos", as: editor).text.contains("기사 1건"))

            let refused = try await upload(client, "/admin/photos", Array("<svg onload=alert(1)>".utf8), fields: [:], as: editor)
            #expect(refused.status == .badRequest && refused.text.contains("SVG"))
        }
    }
}
