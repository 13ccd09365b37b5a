import BylineAccounts
import BylineCore
import BylineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Admin API: photos")
struct AdminAPIPhotoTests {
    func upload(_ client: some TestClientProtocol, token: String, _ bytes: [UInt8], fields: [String: String]) async throws -> TestResponse {
        let boundary = "byline-api-photo-boundary"
        var body: [UInt8] = []
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
        body += bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try await client.execute(
            uri: "/api/v1/admin/photos", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(bytes: body))
    }

    @Test("POST a photo: 201 with the file's metadata and renditions to come; GET shows them ready; articles name it by id")
    func photos() async throws {
        let newsroom = try await NewsroomWebFixture(rendersPhotos: false)
        let token = try await AdminAPITests().token(for: newsroom.editor, in: newsroom)
        let desk = try #require(newsroom.site.photoDesk)
        let pictures = try Pictures()
        let file = try pictures.make("api.jpg", width: 1400, height: 700)
        try pictures.exiftool("-codedcharacterset=utf8", "-IPTC:By-line=정사진", "-IPTC:CopyrightNotice=ⓒ 바이라인통신", file)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        try await newsroom.site.application().test(.router) { client in
            let created = try await upload(client, token: token, bytes, fields: ["caption": "국회 본회의장", "alt": "의원들이 앉아 있다"])
            #expect(created.status == .created, "\(created.text)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: created.body)) as? [String: Any])
            let id = try #require(object["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/admin/photos/\(id)")
            #expect(object["byline"] as? String == "정사진" && object["copyright"] as? String == "ⓒ 바이라인통신")
            #expect(object["status"] as? String == "pending" && object["width"] as? Int == 1400)
            #expect(object["frames"] as? Int == 1 && object["shown_as"] as? String == "still")
            let planned = try #require(object["renditions"] as? [[String: Any]])
            #expect(planned.count == 14 && planned.allSatisfy { $0["ready"] as? Bool == false })

            #expect(await desk.renderPending() == 1)
            let shown = try await client.execute(uri: "/api/v1/admin/photos/\(id)", method: .get, headers: [.authorization: "Bearer \(token)"])
            let ready = try #require(try JSONSerialization.jsonObject(with: Data(buffer: shown.body)) as? [String: Any])
            #expect(ready["status"] as? String == "ready")
            let files = try #require(ready["renditions"] as? [[String: Any]])
            #expect(files.map { $0["url"] as? String } == planned.map { $0["url"] as? String }, "the names announced are the names made")
            let og = try #require(files.first { $0["name"] as? String == "og" })
            #expect((og["width"] as? Int, og["height"] as? Int, og["type"] as? String) == (1200, 630, "image/jpeg"))
            let url = try #require(og["url"] as? String)
            #expect(try await client.execute(uri: String(url.dropFirst("http://127.0.0.1:0".count)), method: .get).status == .ok)

            // An article names it by id; what it leaves out comes from the library.
            let article = """
                {"headline": "본회의 열린다", "body": "본회의가 열린다.", "section": "society/seoul",
                 "authors": [{"name": "홍길동", "email": "gildong@byline.test"}], "photos": [{"id": \(id)}]}
                """
            let made = try await AdminAPITests().call(client, .post, "/api/v1/admin/articles", token: token, json: article)
            #expect(made.status == .created, "\(made.response.text)")
            let photo = try #require((made.object["photos"] as? [[String: Any]])?.first)
            #expect(photo["id"] as? Int == id && photo["caption"] as? String == "국회 본회의장" && photo["alt"] as? String == "의원들이 앉아 있다")
            let unknown = try await AdminAPITests().call(
                client, .post, "/api/v1/admin/articles", token: token, json: article.replacingOccurrences(of: "\"id\": \(id)", with: "\"id\": 424242"))
            #expect(unknown.status == .badRequest && unknown.response.text.contains("photos[0].id"))

            // An animated GIF says what readers will see of it.
            let moving = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try pictures.animatedGIF("moving.gif", width: 60, height: 40, frames: 4))))
            let animated = try await upload(client, token: token, moving, fields: ["caption": "깃발이 펄럭인다", "alt": "깃발"])
            let motion = try #require(try JSONSerialization.jsonObject(with: Data(buffer: animated.body)) as? [String: Any])
            #expect(animated.status == .created && motion["frames"] as? Int == 4 && motion["shown_as"] as? String == "first_frame")

            let refused = try await upload(client, token: token, Array("GIF89a".utf8), fields: [:])
            #expect(refused.status == .badRequest && refused.text.contains("JPEG, PNG, WebP, GIF 사진만") && refused.text.contains("\"field\":\"file\""))
            #expect(try await client.execute(uri: "/api/v1/admin/photos/\(id)", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/admin/photos/0", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .notFound)
        }
    }
}
