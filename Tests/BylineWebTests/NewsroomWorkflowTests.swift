import BylineAccounts
import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Newsroom workflow")
struct NewsroomWorkflowTests {
    @Test("two editors pressing 출고 at once: the article is published once, the other editor is refused and told why")
    func racingEditors() async throws {
        let newsroom = try await NewsroomWebFixture()
        let second = try await newsroom.web.accounts.addUser(
            NewUser(email: "night@byline.test", name: "야간데스크", role: .editor, passwordHash: "x"), at: newsroom.now)
        let service = newsroom.site.newsroom
        for _ in 0..<3 {
            let id = try await service.create(
                try ArticleForm(FormBody(encoded: "headline=%EB%8F%99%EC%8B%9C&body=%EB%B3%B8%EB%AC%B8&section=society&authors=gildong%40byline.test"))
                    .document().0,
                embargoUntil: nil, by: newsroom.editor)
            async let one: Void = service.perform(.publish, on: id, by: newsroom.editor)
            async let other: Void = service.perform(.publish, on: id, by: second)
            var refusals: [HTTPResponse.Status] = []
            do { try await one } catch { refusals.append(ErrorDescription(error).status) }
            do { try await other } catch { refusals.append(ErrorDescription(error).status) }
            // Refused before writing (403: the state it read was already 출고) or where it writes (409).
            #expect(refusals.count == 1 && [.forbidden, .conflict].contains(refusals[0]), "\(refusals)")
            #expect(try await newsroom.web.accounts.auditLog(id).filter { $0.action == .publish }.count == 1)
        }
        #expect(ErrorDescription(BylineError.statusChanged(.published)).status == .conflict)
        #expect(ErrorDescription(BylineError.statusChanged(.published)).message.contains("'출고' 상태"))
    }

    @Test("by form: a reporter writes and submits, an editor publishes, corrects and unpublishes")
    func formWorkflow() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let reporter = try await newsroom.signIn(client, as: newsroom.reporter)
            let form = try await newsroom.get(client, "/admin/articles/new", as: reporter)
            #expect(form.status == .ok)
            #expect(form.text.contains("gildong@byline.test"), "the reporter's own byline is filled in")

            let created = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: reporter)
            #expect(created.headers[.location]?.wholeMatch(of: /\/admin\/articles\/\d+/) != nil, "DESIGN §3: to the edit form")
            #expect(created.status == .seeOther, "\(created.text.firstMatch(of: /<h1>[^<]*<\/h1>\s*<p>[^<]*<\/p>/).map { String($0.0) } ?? "")")
            let id = try #require(NewsroomWebFixture.id(fromLocation: created))
            #expect(try await client.execute(uri: "/news/\(id)", method: .get).status == .notFound, "a draft is not public")
            let preview = try await newsroom.get(client, "/admin/articles/\(id)/preview", as: reporter)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("마포구 새 도서관 문 연다"))
            #expect(preview.text.contains("class=\"headline\""), "the preview is the reader's article page")

            #expect(try await newsroom.post(client, "/admin/articles/\(id)/publish", [:], as: reporter).status == .forbidden)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/submit", [:], as: reporter).status == .seeOther)
            #expect(try await newsroom.site.newsroom.draft(id).status == .inReview)

            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let list = try await newsroom.get(client, "/admin?status=inReview", as: editor)
            #expect(list.text.contains("마포구 새 도서관 문 연다"))
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/publish", [:], as: editor).status == .seeOther)
            let page = try await client.execute(uri: "/news/\(id)", method: .get)
            #expect(page.status == .ok)
            #expect(try await client.execute(uri: "/latest", method: .get).text.contains("/news/\(id)"))

            newsroom.advance(600)
            let corrected = try await newsroom.post(
                client, "/admin/articles/\(id)/correct", ["correction": "개관일을 토요일에서 일요일로 바로잡습니다."], as: editor)
            #expect(corrected.status == .seeOther)
            let correctedPage = try await client.execute(uri: "/news/\(id)", method: .get)
            #expect(correctedPage.text.contains("개관일을 토요일에서 일요일로 바로잡습니다."))
            #expect(correctedPage.text.contains("정정"))
            #expect(correctedPage.text.contains(KoreanTime.articleStamp(newsroom.now)), "최종수정 moves to the correction")
            let editorPage = try await newsroom.get(client, "/admin/articles/\(id)", as: editor).text
            #expect(editorPage.contains("<h2>정정</h2>"), "the editor lists the article's corrections")
            #expect(editorPage.contains("개관일을 토요일에서 일요일로 바로잡습니다."))

            #expect(try await newsroom.post(client, "/admin/articles/\(id)/unpublish", [:], as: editor).status == .seeOther)
            #expect(try await client.execute(uri: "/news/\(id)", method: .get).status == .notFound)

            let log = try await newsroom.get(client, "/admin/articles/\(id)", as: editor).text
            for step in ["작성", "검토 요청", "출고", "정정", "출고 취소"] { #expect(log.contains(step), "\(step) in the audit log") }
            #expect(log.contains("홍길동") && log.contains("박편집"))
        }
    }

    @Test("an editor returns an article with a comment; the reporter sees it, revises and resubmits")
    func returnForRework() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let reporter = try await newsroom.signIn(client, as: newsroom.reporter)
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let created = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: reporter)
            let id = try #require(NewsroomWebFixture.id(fromLocation: created))
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/submit", [:], as: reporter).status == .seeOther)

            #expect(try await newsroom.post(client, "/admin/articles/\(id)/return", ["comment": "사진 설명을 보강해 주세요."], as: reporter).status == .forbidden)
            let empty = try await newsroom.post(client, "/admin/articles/\(id)/return", ["comment": " "], as: editor)
            #expect(empty.status == .badRequest)
            #expect(empty.text.contains("반려 사유를"))
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/return", ["comment": "사진 설명을 보강해 주세요."], as: editor).status == .seeOther)
            #expect(try await newsroom.site.newsroom.draft(id).status == .draft)

            // The reporter sees why, in the list and on the article, and can edit again.
            #expect(try await newsroom.get(client, "/admin", as: reporter).text.contains("사진 설명을 보강해 주세요."))
            #expect(try await newsroom.get(client, "/admin/articles/\(id)", as: reporter).text.contains("반려 사유</strong> 사진 설명을 보강해 주세요."))
            var fields = NewsroomWebFixture.articleFields
            fields["body"] = "보강한 본문입니다."
            fields["version"] = String(try await newsroom.site.newsroom.draft(id).version)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)", fields, as: reporter).status == .seeOther)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/submit", [:], as: reporter).status == .seeOther)
            let resubmitted = try await newsroom.site.newsroom.draft(id)
            #expect(resubmitted.status == .inReview)
            #expect(resubmitted.returnNote == nil, "cleared when submitted again")
            let log = try await newsroom.web.accounts.auditLog(id).map(\.action)
            #expect(log == [.create, .submit, .returnForRework, .save, .submit])
            let history = try await newsroom.get(client, "/admin/articles/\(id)/history", as: editor).text
            #expect(history.contains("반려 · 박편집") && history.contains("사진 설명을 보강해 주세요."), "the history shows each step")
            #expect(try await newsroom.site.web_revisions(id) == 2)
        }
    }

    @Test("a refused form comes back with every word typed and a message per field")
    func refusedForm() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let reporter = try await newsroom.signIn(client, as: newsroom.reporter)
            var fields = NewsroomWebFixture.articleFields
            fields["headline"] = "  "
            fields["body"] = "긴 원고의 첫 문단입니다.\n\n둘째 문단 <그대로>."
            fields["authors"] = "nobody@byline.test"
            fields["tags"] = "좋은태그\na/b"
            let response = try await newsroom.post(client, "/admin/articles", fields, as: reporter)
            #expect(response.status == .badRequest)
            #expect(response.text.contains("제목을 써 주세요."))
            #expect(response.text.contains("태그 &#39;a/b&#39;"))
            #expect(response.text.contains("긴 원고의 첫 문단입니다.\n\n둘째 문단 &lt;그대로&gt;."))
            fields["headline"] = "제목 있음"
            fields["tags"] = "좋은태그"
            let unknown = try await newsroom.post(client, "/admin/articles", fields, as: reporter)
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("nobody@byline.test"))
            #expect(unknown.text.contains("value=\"제목 있음\""))
        }
    }

    @Test("two editors saving the same version: the second gets a conflict page with both versions")
    func conflict() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let admin = try await newsroom.signIn(client, as: newsroom.admin)
            let created = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: editor)
            let id = try #require(NewsroomWebFixture.id(fromLocation: created))
            let version = try await newsroom.site.newsroom.draft(id).version

            var first = NewsroomWebFixture.articleFields
            first["body"] = "먼저 저장한 본문."
            first["version"] = String(version)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)", first, as: editor).status == .seeOther)

            var second = NewsroomWebFixture.articleFields
            second["body"] = "나중에 저장하려던 본문."
            second["version"] = String(version)
            let conflict = try await newsroom.post(client, "/admin/articles/\(id)", second, as: admin)
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("나중에 저장하려던 본문."), "the second editor's words are kept in the form")
            #expect(conflict.text.contains("먼저 저장한 본문."), "the saved version is shown beside them")
            #expect(conflict.text.contains("name=\"version\" value=\"\(version + 1)\""), "ready to save over the new version")
            #expect(try await newsroom.site.newsroom.draft(id).document.body == "먼저 저장한 본문.", "nothing was overwritten")
            #expect(try await newsroom.site.web_revisions(id) == 2)
        }
    }

    @Test("every save keeps a revision; the history shows a readable diff between any two and restores one")
    func history() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            let created = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: editor)
            let id = try #require(NewsroomWebFixture.id(fromLocation: created))
            var fields = NewsroomWebFixture.articleFields
            fields["body"] = "마포구가 새 구립 도서관을 연다.\n\n개관 기념 행사는 일요일에 열린다."
            fields["version"] = "1"
            #expect(try await newsroom.post(client, "/admin/articles/\(id)", fields, as: editor).status == .seeOther)
            fields["headline"] = "마포구 새 도서관 개관"
            fields["version"] = "2"
            #expect(try await newsroom.post(client, "/admin/articles/\(id)", fields, as: editor).status == .seeOther)

            let latest = try await newsroom.get(client, "/admin/articles/\(id)/history", as: editor).text
            #expect(latest.contains("2번 → 3번"))
            #expect(latest.contains("<span class=\"diff-removed\">− 제목: 마포구 새 도서관 문 연다</span>"))
            #expect(latest.contains("<span class=\"diff-added\">+ 제목: 마포구 새 도서관 개관</span>"))
            let first = try await newsroom.get(client, "/admin/articles/\(id)/history?from=1&to=2", as: editor).text
            #expect(first.contains("<span class=\"diff-removed\">− 개관 기념 행사는 주말에 열린다.</span>"))
            #expect(first.contains("<span class=\"diff-added\">+ 개관 기념 행사는 일요일에 열린다.</span>"))

            let restored = try await newsroom.post(client, "/admin/articles/\(id)/restore", ["revision": "1", "version": "3"], as: editor)
            #expect(restored.status == .seeOther)
            let draft = try await newsroom.site.newsroom.draft(id)
            #expect(draft.document.headline == "마포구 새 도서관 문 연다")
            #expect(draft.document.body == "마포구가 새 구립 도서관을 연다.\n\n개관 기념 행사는 주말에 열린다.")
            #expect(try await newsroom.site.web_revisions(id) == 4, "restoring adds a revision; none is lost")
        }
    }

    @Test("tags are typed one per line or separated by commas, and a bad one is named")
    func tagFields() throws {
        var fields = NewsroomWebFixture.articleFields
        fields["tags"] = "첫기사, 광장\n 도서관 ，마포,,\n"
        #expect(try ArticleForm.document(from: fields).tags.map(\.name) == ["첫기사", "광장", "도서관", "마포"])
        fields["tags"] = "서울, 부산/경남"
        #expect(throws: BylineError.self) { try ArticleForm.document(from: fields) }
    }

    @Test("the role matrix: reporters write their own drafts; editors and admins run the desk")
    func roles() async throws {
        let newsroom = try await NewsroomWebFixture()
        let desk = newsroom.site.newsroom
        let document = try ArticleForm.document(from: NewsroomWebFixture.articleFields)
        let own = try await desk.create(document, embargoUntil: nil, by: newsroom.reporter)
        let editors = try await desk.create(document, embargoUntil: nil, by: newsroom.editor)

        // A reporter: their own draft yes, anyone else's no, and no publishing steps.
        try await desk.save(own, document, embargoUntil: nil, version: 1, by: newsroom.reporter)
        await #expect(throws: BylineError.self) { try await desk.save(editors, document, embargoUntil: nil, version: 1, by: newsroom.reporter) }
        for step in [desk.publish, desk.unpublish] as [(ArticleID, User) async throws -> Void] {
            await #expect(throws: BylineError.self) { try await step(own, newsroom.reporter) }
        }
        await #expect(throws: BylineError.self) { try await desk.schedule(own, at: newsroom.now.addingTimeInterval(60), by: newsroom.reporter) }
        try await desk.submit(own, by: newsroom.reporter)
        await #expect(throws: BylineError.self) {
            try await desk.save(own, document, embargoUntil: nil, version: 3, by: newsroom.reporter)
        }

        // Editors and admins: every step.
        for user in [newsroom.editor, newsroom.admin] {
            let id = try await desk.create(document, embargoUntil: nil, by: user)
            try await desk.save(id, document, embargoUntil: nil, version: 1, by: user)
            try await desk.publish(id, by: user)
            try await desk.correct(id, text: "바로잡습니다.", by: user)
            try await desk.unpublish(id, by: user)
            try await desk.schedule(id, at: newsroom.now.addingTimeInterval(60), by: user)
            #expect(try await desk.draft(id).status == .scheduled)
        }
        // Steps that make no sense in a state are refused whoever asks.
        await #expect(throws: BylineError.self) { try await desk.correct(editors, text: "초안 정정", by: newsroom.editor) }
        await #expect(throws: BylineError.self) { try await desk.unpublish(editors, by: newsroom.editor) }
    }
}

extension BylineSite {
    /// How many revisions an article has, for tests.
    func web_revisions(_ id: ArticleID) async throws -> Int {
        try await backend?.revisions(id).count ?? 0
    }
}

extension ArticleForm {
    static func document(from fields: [String: String]) throws -> ArticleDocument {
        var form = ArticleForm()
        form.headline = fields["headline"] ?? ""
        form.subheadlines = fields["subheadlines"] ?? ""
        form.body = fields["body"] ?? ""
        form.section = fields["section"] ?? ""
        form.authors = fields["authors"] ?? ""
        form.tags = fields["tags"] ?? ""
        form.dateline = fields["dateline"] ?? ""
        return try form.document().0
    }
}
