import BylineMarkup
import Foundation
import HummingbirdTesting
import Mustache
import Synchronization
import Testing
@testable import BylineWeb

/// Byline renders the Mustache files designers edit with its own renderer (`TemplateParser`,
/// `TemplateRenderer`). These tests hold it to swift-mustache's output for the same files
/// and values: every page the site renders, and the rules our templates lean on.
@Suite("Templates")
struct TemplateFieldsTests {
    /// A view model as swift-mustache reads one: the same values, through `MustacheParent`.
    struct Reference: MustacheParent {
        let view: any TemplateView
        func child(named name: String) -> Any? { view.value(TemplateField(name)).map(Self.convert) }

        static func convert(_ value: TemplateValue) -> Any {
            switch value {
            case .text(let text): text
            case .flag(let flag): flag
            case .number(let number): number
            case .view(let view): Reference(view: view)
            case .list(let items): items.map(convert)
            case .dictionary(let dictionary): dictionary
            case .empty: Empty()
            }
        }

        struct Empty: MustacheCustomRenderable {
            var renderText: String { "" }
            var isNull: Bool { true }
        }
    }

    struct Escaping: MustacheContentType {
        func escapeText(_ text: String) -> String { escapeHTML(text) }
    }

    /// Compares every render with swift-mustache's for the same template files.
    final class Comparison: Sendable {
        let library: MustacheLibrary
        let mismatches = Mutex<[String]>([])
        let rendered = Mutex<[String: Int]>([:])

        init(sources: [String: String]) throws {
            MustacheContentTypes.register(Escaping(), named: "BYLINE_HTML")
            library = MustacheLibrary(templates: try sources.mapValues { try MustacheTemplate(string: $0) })
        }

        func check(_ view: any TemplateView, _ template: String, _ bytes: [UInt8]) {
            let expected = library.render(Reference(view: view), withTemplate: template) ?? "(did not render)"
            rendered.withLock { $0[template, default: 0] += 1 }
            if Array(expected.utf8) != bytes {
                let ours = String(decoding: bytes, as: UTF8.self)
                let at = zip(ours, expected).prefix { $0 == $1 }.count
                mismatches.withLock {
                    $0.append("\(template) differs at \(at): ours …\(ours.dropFirst(max(0, at - 40)).prefix(120))… "
                        + "swift-mustache …\(expected.dropFirst(max(0, at - 40)).prefix(120))…")
                }
            }
        }
    }

    func renderBoth(_ template: String, partials: [String: String] = [:], _ view: some TemplateView) throws -> (ours: String, reference: String) {
        var sources = partials
        sources["page"] = template
        let renderer = TemplateRenderer(templates: try sources.mapValues(TemplateParser.parse))
        let ours = String(decoding: try #require(renderer.render(view, template: "page")), as: UTF8.self)
        let comparison = try Comparison(sources: sources)
        return (ours, comparison.library.render(Reference(view: view), withTemplate: "page") ?? "(did not render)")
    }

    struct Fields: TemplateView {
        var values: [String: TemplateValue]
        func value(_ field: TemplateField) -> TemplateValue? { values[field.name] }
    }

    @Test("an empty field renders as nothing and as false, and never borrows an enclosing view's field of the same name")
    func emptyFields() throws {
        let template = "{{#inner}}[{{name}}]{{#name}}있음{{/name}}{{^name}}없음{{/name}}{{/inner}}"
        for inner in [TemplateValue.empty, .text("안쪽 <이름>")] {
            let view = Fields(values: ["name": .text("바깥 이름"), "inner": .view(Fields(values: ["name": inner]))])
            let (ours, reference) = try renderBoth(template, view)
            #expect(ours == reference)
            #expect(ours == (inner.isEmpty ? "[]없음" : "[안쪽 &lt;이름&gt;]있음"))
        }
    }

    @Test("standalone lines, indented partials, inheritance and nested sections render as swift-mustache renders them")
    func rules() throws {
        let card = "<li>\n  {{#title}}<b>{{.}}</b>{{/title}}\n  {{^title}}제목 없음{{/title}}\n</li>\n"
        let layout = "{{% CONTENT_TYPE: BYLINE_HTML }}\n<main>\n  {{$main}}기본{{/main}}\n</main>\n<footer>{{$footer}}\n  꼬리\n{{/footer}}</footer>\n"
        let page = """
            {{<layout}}
            {{$main}}
              <ul>
              {{#items}}
                {{> card}}
              {{/items}}
              </ul>
              {{! 주석은 줄째 사라진다 }}
              {{#flag}}참{{/flag}}{{^flag}}거짓{{/flag}} {{count}} {{{raw}}} {{& raw}} {{dict.key}}
              {{#list}}{{.}},{{/list}}
            {{/main}}
            {{/layout}}
            """
        let items = [Fields(values: ["title": .text("<첫째>")]), Fields(values: ["title": .empty]), Fields(values: [:])]
        let view = Fields(values: [
            "items": .list(items.map { .view($0) }), "flag": .flag(false), "count": .number(3), "raw": .text("<i>그대로</i>"),
            "dict": .dictionary(["key": "값 & 값"]), "list": .list([.text("가"), .text("나")]),
        ])
        let (ours, reference) = try renderBoth(page, partials: ["card": card, "layout": layout], view)
        #expect(ours == reference)
        #expect(ours.contains("<b>&lt;첫째&gt;</b>"))
        #expect(!ours.contains("주석"))
    }

    @Test("templates the parser cannot read are refused with the reason")
    func refused() {
        for broken in ["{{#open}}", "{{=<% %>=}}", "{{uppercased(name)}}", "{{/never}}", "{{% CONTENT_TYPE: TEXT }}"] {
            #expect(throws: TemplateParser.Failure.self, "\(broken)") { try TemplateParser.parse(broken) }
        }
    }

    @Test("every reader and newsroom page renders byte for byte as swift-mustache renders the same files")
    func everyPage() async throws {
        var templates = try await Templates.load()
        let comparison = try Comparison(sources: templates.sources)
        templates.observer = { comparison.check($0, $1, $2) }
        let newsroom = try await NewsroomWebFixture(templates: templates)
        let (lead, second) = (newsroom.web.leadID.rawValue, newsroom.web.secondID.rawValue)
        try await newsroom.site.application().test(.router) { client in
            let reader = [
                "/", "/news/\(lead)", "/news/\(second)", "/latest", "/all", "/breaking", "/popular", "/section/society",
                "/section/society/seoul", "/section/economy", "/reporters/1", "/tags/%EC%84%9C%EC%9A%B8",
                "/search?q=%EC%84%9C%EC%9A%B8", "/search?q=%EC%97%86%EB%8A%94%EB%A7%90", "/search", "/news/999999", "/없는-주소",
                "/admin/login",
            ]
            for path in reader { _ = try await client.execute(uri: path, method: .get) }
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            _ = try await newsroom.post(client, "/admin/articles/\(lead)/correct", ["correction": "제목의 장소를 바로잡습니다."], as: editor)
            var invalid = NewsroomWebFixture.articleFields
            invalid["headline"] = ""
            _ = try await newsroom.post(client, "/admin/articles", invalid, as: editor)
            let created = try await newsroom.post(client, "/admin/articles", NewsroomWebFixture.articleFields, as: editor)
            let draft = try #require(NewsroomWebFixture.id(fromLocation: created)).rawValue
            for path in [
                "/admin", "/admin/articles/new", "/admin/articles/\(lead)", "/admin/articles/\(draft)",
                "/admin/articles/\(draft)/history", "/admin/articles/\(lead)/preview", "/admin/tags", "/admin/trash",
            ] {
                _ = try await newsroom.get(client, path, as: editor)
            }
            // The photo library, with a picture in it (made pending, then shown with its files).
            let picture = try await PhotoLibraryTests().upload(
                client, "/admin/photos", PhotoUploadTests.png, fields: ["caption": "<작은> 사진", "alt": "점 여섯 개"], as: editor)
            let photoPage = try #require(picture.headers[.location]?.split(separator: "?").first.map(String.init))
            _ = try await newsroom.get(client, "/admin/photos", as: editor)
            _ = try await newsroom.get(client, photoPage, as: editor)
            await newsroom.site.photoDesk?.renderPending()
            _ = try await newsroom.get(client, photoPage, as: editor)
            let admin = try await newsroom.signIn(client, as: newsroom.admin)
            _ = try await newsroom.get(client, "/admin/users", as: admin)
            _ = try await newsroom.get(client, "/admin/sections", as: admin)
            // Distribution: a product, a subscriber (its key shown once) and its queue.
            _ = try await newsroom.post(client, "/admin/products", ["name": "<사회> 종합", "section": "society", "tags": "서울"], as: admin)
            let productID = try #require(try await newsroom.web.accounts.products().first?.id)
            _ = try await newsroom.post(
                client, "/admin/subscribers", ["name": "한빛 & 일보", "product_\(productID)": "on", "format": "both", "embargoed_early": "on"],
                as: admin)
            _ = try await newsroom.get(client, "/admin/subscribers", as: admin)
            let subscriberID = try #require(try await newsroom.web.accounts.subscribers().first?.id)
            _ = try await newsroom.get(client, "/admin/subscribers/\(subscriberID)", as: admin)
            // Ingest: a source (its key shown once), the 수신 queue and an item with a subheadline, photo and markup.
            _ = try await newsroom.post(client, "/admin/sources", ["name": "파트너 & 통신", "feed_url": "http://127.0.0.1:9/feed.xml"], as: admin)
            _ = try await newsroom.get(client, "/admin/sources", as: admin)
            let source = try #require(try await newsroom.web.accounts.sources().first)
            let received = try await newsroom.site.wireDesk?.receive(
                Array(IngestTests.ninjs(photo: "https://img.example/<a>.jpg").utf8), kind: .json, from: source, via: "test")
            let itemID = try #require(received?.first?.0.id)
            _ = try await newsroom.get(client, "/admin/ingest", as: editor)
            _ = try await newsroom.get(client, "/admin/dashboard", as: editor)
            _ = try await newsroom.get(client, "/admin/ingest/\(itemID)", as: editor)
        }
        #expect(comparison.mismatches.withLock { $0 }.isEmpty, "\(comparison.mismatches.withLock { $0 })")
        let rendered = comparison.rendered.withLock { $0 }
        let pages = Set(Templates.required).subtracting(["layout", "card", "admin-bar"])
        #expect(pages.subtracting(rendered.keys).isEmpty, "not rendered: \(pages.subtracting(rendered.keys).sorted())")
    }
}

extension TemplateValue {
    var isEmpty: Bool {
        if case .empty = self { return true }
        return false
    }
}
