import BylineAccounts
import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Admin API")
struct AdminAPITests {
    func token(for user: User, in newsroom: NewsroomWebFixture) async throws -> String {
        let token = Credentials.newToken()
        try await newsroom.web.accounts.createAPIToken(hash: Credentials.tokenHash(token), userID: user.id, name: "test", at: newsroom.now)
        return token
    }

    func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, object: [String: Any], response: TestResponse) {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        return (response.status, object, response)
    }

    static let article = """
        {"headline": "공공자전거 대여소 100곳 늘린다", "subheadlines": ["하반기 설치"], "body": "서울시가 대여소를 늘린다.\\n\\n둘째 문단.",
         "section": "society/seoul", "authors": [{"name": "홍길동", "email": "gildong@byline.test"}], "tags": ["자전거"],
         "dateline": "서울", "breaking": false}
        """

    @Test("create, patch, submit, publish, correct and unpublish with bearer tokens")
    func workflow() async throws {
        let newsroom = try await NewsroomWebFixture()
        let reporterToken = try await token(for: newsroom.reporter, in: newsroom)
        let editorToken = try await token(for: newsroom.editor, in: newsroom)
        try await newsroom.site.application().test(.router) { client in
            let created = try await call(client, .post, "/api/v1/admin/articles", token: reporterToken, json: Self.article)
            #expect(created.status == .created)
            let id = try #require(created.object["id"] as? Int)
            #expect(created.object["url"] as? String == "http://127.0.0.1:0/news/\(id)")
            #expect(created.object["status"] as? String == "draft")
            #expect(created.response.headers[.location] == "/api/v1/admin/articles/\(id)")
            #expect(created.response.headers[.cacheControl] == "no-store")

            let patched = try await call(
                client, .patch, "/api/v1/admin/articles/\(id)", token: reporterToken, json: #"{"headline": "대여소 120곳으로", "version": 1}"#)
            #expect(patched.status == .ok)
            #expect(patched.object["headline"] as? String == "대여소 120곳으로")
            #expect(patched.object["body"] as? String == "서울시가 대여소를 늘린다.\n\n둘째 문단.", "fields not sent stay")
            #expect(patched.object["version"] as? Int == 2)

            let stale = try await call(
                client, .patch, "/api/v1/admin/articles/\(id)", token: reporterToken, json: #"{"headline": "옛 버전에서"}"#,
                headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .conflict)
            #expect(stale.response.headers[.contentType] == "application/problem+json")

            #expect(try await call(client, .post, "/api/v1/admin/articles/\(id)/publish", token: reporterToken).status == .forbidden)
            #expect(try await call(client, .post, "/api/v1/admin/articles/\(id)/submit", token: reporterToken).status == .ok)
            let published = try await call(client, .post, "/api/v1/admin/articles/\(id)/publish", token: editorToken)
            #expect(published.status == .ok)
            #expect(published.object["status"] as? String == "published")
            #expect(try await client.execute(uri: "/api/v1/articles/\(id)", method: .get).status == .ok)

            let corrected = try await call(
                client, .post, "/api/v1/admin/articles/\(id)/correct", token: editorToken, json: #"{"text": "대여소 수를 바로잡습니다."}"#)
            #expect((corrected.object["corrections"] as? [[String: Any]])?.first?["text"] as? String == "대여소 수를 바로잡습니다.")
            // A correction travels with the article to outlets, in both formats.
            let ninjs = try await client.execute(uri: "/api/v1/articles/\(id)?format=ninjs", method: .get).text
            #expect(try DocumentInspector.schemaErrors("ninjs", ninjs) == [])
            #expect(ninjs.contains("\"role\":\"correction\"") && ninjs.contains("대여소 수를 바로잡습니다."))
            let newsML = try await client.execute(uri: "/api/v1/articles/\(id)?format=newsml", method: .get).text
            #expect(try DocumentInspector.schemaErrors("newsml", newsML) == [])
            #expect(newsML.contains("<description role=\"drol:correction\">[") && newsML.contains("대여소 수를 바로잡습니다.</description>"))

            let listed = try await call(client, .get, "/api/v1/admin/articles?status=published&q=\(percentEncode("120곳"))", token: reporterToken)
            #expect((listed.object["articles"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])

            #expect(try await call(client, .post, "/api/v1/admin/articles/\(id)/unpublish", token: editorToken).object["status"] as? String == "unpublished")
            #expect(try await client.execute(uri: "/api/v1/articles/\(id)", method: .get).status == .notFound)

            let scheduled = try await call(
                client, .post, "/api/v1/admin/articles/\(id)/schedule", token: editorToken, json: #"{"scheduled_at": "2024-10-10T19:30:00+09:00"}"#)
            #expect(scheduled.status == .ok)
            #expect(scheduled.object["status"] as? String == "scheduled")
        }
    }

    @Test("401 without a valid token, 403 for the role, 400 with a message per field, 413 over the limit")
    func errors() async throws {
        let newsroom = try await NewsroomWebFixture()
        let reporterToken = try await token(for: newsroom.reporter, in: newsroom)
        let editorToken = try await token(for: newsroom.editor, in: newsroom)
        try await newsroom.site.application().test(.router) { client in
            for token in [nil, "not-a-token", String(repeating: "x", count: 43)] {
                let refused = try await call(client, .get, "/api/v1/admin/articles", token: token)
                #expect(refused.status == .unauthorized)
                #expect(refused.response.headers[.wwwAuthenticate] == "Bearer")
                #expect(refused.response.headers[.contentType] == "application/problem+json")
            }
            let editorsDraft = try await call(client, .post, "/api/v1/admin/articles", token: editorToken, json: Self.article)
            let id = try #require(editorsDraft.object["id"] as? Int)
            let notTheirs = try await call(
                client, .patch, "/api/v1/admin/articles/\(id)", token: reporterToken, json: #"{"headline": "남의 기사", "version": 1}"#)
            #expect(notTheirs.status == .forbidden)

            for (body, field) in [
                (#"{"headline": "", "body": "x", "section": "society", "authors": []}"#, "headline"),
                (#"{"headline": "제목", "body": "본문", "section": "nowhere", "authors": [{"name": "홍길동", "email": "gildong@byline.test"}]}"#, "section"),
                (#"{"headline": "제목", "body": "본문", "section": "society", "authors": [{"name": "누구", "email": "nobody@"}]}"#, "authors"),
                (#"{"headline": 5}"#, "headline"),
                ("[1, 2]", "body"),
                ("{\"headline\": \"\u{FFFF}", "body"),
            ] {
                let refused = try await call(client, .post, "/api/v1/admin/articles", token: editorToken, json: body)
                #expect(refused.status == .badRequest, "\(body)")
                let errors = refused.object["errors"] as? [[String: Any]] ?? []
                #expect(errors.contains { $0["field"] as? String == field }, "\(body) → \(errors)")
            }
            let huge = "{\"headline\": \"큰 기사\", \"body\": \"" + String(repeating: "가", count: 400_000) + "\"}"
            #expect(try await call(client, .post, "/api/v1/admin/articles", token: editorToken, json: huge).status == .contentTooLarge)
            #expect(try await call(client, .post, "/api/v1/admin/articles/\(id)/schedule", token: editorToken, json: "{}").status == .badRequest)
            #expect(try await call(client, .get, "/api/v1/admin/articles/999999", token: editorToken).status == .notFound)
            #expect(try await call(client, .get, "/api/v1/admin/articles?status=sideways", token: editorToken).status == .badRequest)
        }
    }

    @Test("a PATCH naming no version gets 428 with what to send; a stale one 409; a malformed one 400")
    func conditionalUpdate() async throws {
        let newsroom = try await NewsroomWebFixture()
        let editorToken = try await token(for: newsroom.editor, in: newsroom)
        try await newsroom.site.application().test(.router) { client in
            let created = try await call(client, .post, "/api/v1/admin/articles", token: editorToken, json: Self.article)
            let id = try #require(created.object["id"] as? Int)
            let path = "/api/v1/admin/articles/\(id)"

            let unconditional = try await call(client, .patch, path, token: editorToken, json: #"{"headline": "버전 없이 고친 제목"}"#)
            #expect(unconditional.status == .preconditionRequired)
            #expect(unconditional.response.headers[.contentType] == "application/problem+json")
            #expect(unconditional.object["status"] as? Int == 428)
            let errors = unconditional.object["errors"] as? [[String: Any]] ?? []
            #expect(errors.contains { $0["field"] as? String == "version" })
            #expect((unconditional.object["detail"] as? String ?? "").contains("If-Match"))

            for (json, headers) in [(#"{"headline": "x", "version": "1"}"#, HTTPFields()), (#"{"headline": "x"}"#, [.ifMatch: "\"abc\""])] {
                #expect(try await call(client, .patch, path, token: editorToken, json: json, headers: headers).status == .badRequest)
            }
            let stale = try await call(client, .patch, path, token: editorToken, json: #"{"headline": "x", "version": 7}"#)
            #expect(stale.status == .conflict)
            let current = try await call(client, .get, path, token: editorToken)
            #expect(current.object["headline"] as? String == "공공자전거 대여소 100곳 늘린다", "nothing was written")
            let matched = try await call(client, .patch, path, token: editorToken, json: #"{"headline": "고친 제목"}"#, headers: [.ifMatch: "\"1\""])
            #expect(matched.status == .ok)
        }
    }
}
