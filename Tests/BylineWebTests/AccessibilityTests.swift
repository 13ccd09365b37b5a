import BylineCore
import Foundation
import HummingbirdTesting
import Testing
@testable import BylineWeb

/// What the accessibility check in Chromium (scripts/a11y-check) relies on, held here too so
/// that a change to a template fails fast.
@Suite("Accessibility in the markup")
struct AccessibilityTests {
    @Test("the editor warns before publishing a photo without alternative text, and stops warning once it has some")
    func missingAlt() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            let editor = try await client.signIn(email: newsroom.editor.email, password: NewsroomWebFixture.password)
            var fields = NewsroomWebFixture.articleFields
            fields["photos"] = "/media/test-photo.svg | 새 도서관 열람실 | 마포구 제공 | "
            let created = try await client.post("/admin/articles", fields, as: editor)
            let id = try #require(NewsroomWebFixture.id(fromLocation: created))
            let page = try await client.get("/admin/articles/\(id)", as: editor).text
            #expect(page.contains("대체 텍스트가 없는 사진이 1장 있습니다"))
            fields["photos"] = "/media/test-photo.svg | 새 도서관 열람실 | 마포구 제공 | 책장이 늘어선 열람실"
            fields["version"] = "1"
            #expect(try await client.post("/admin/articles/\(id)", fields, as: editor).status == .seeOther)
            #expect(!(try await client.get("/admin/articles/\(id)", as: editor).text.contains("대체 텍스트가 없는 사진")))
        }
    }

    @Test("list pages keep headings in order, the header's search box has a label, and wide tables can be scrolled by keyboard")
    func markup() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            for path in ["/latest", "/all", "/section/society", "/breaking"] {
                let page = String(buffer: try await client.execute(uri: path, method: .get).body)
                let h1 = try #require(page.range(of: "<h1"))
                let h2 = try #require(page.range(of: "<h2 id=\"card-list-heading\""), "\(path)")
                let h3 = try #require(page.range(of: "<h3"), "\(path)")
                #expect(h1.lowerBound < h2.lowerBound && h2.lowerBound < h3.lowerBound, "\(path): h1, h2, then the cards' h3")
                #expect(page.contains("<label class=\"visually-hidden\" for=\"q\">기사 검색</label>"))
                #expect(page.contains("<a class=\"skip-link\" href=\"#main\">"))
            }
            let admin = try await client.signIn(email: newsroom.admin.email, password: NewsroomWebFixture.password)
            for path in ["/admin/subscribers", "/admin/sources", "/admin/ingest"] {
                let page = try await client.get(path, as: admin).text
                #expect(page.contains("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\""), "\(path)")
                #expect(!page.contains("<th></th>"), "\(path): every column is named")
            }
        }
    }
}
