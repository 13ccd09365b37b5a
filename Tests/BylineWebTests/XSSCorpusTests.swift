import BylineAccounts
import BylineCore
import BylineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Hostile text in every field a newsroom fills, read back through every place the
/// field is shown, and checked by `Tests/tools/find_executable.py` with the HTML5
/// parsing algorithm browsers use: nothing executable may come out.
@Suite("XSS corpus")
struct XSSCorpusTests {
    /// Written for this project from the well-known families of attacks: script tags,
    /// event handlers, SVG and MathML, obfuscated addresses (case, entities, control
    /// characters), broken and nested tags, attribute and script breakouts, and the
    /// Markdown forms of links and images.
    static let payloads: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//xss.byline.test/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">링크</a>",
        "[클릭](javascript:alert(1))",
        "[클릭](JaVaScRiPt:alert(1))",
        "[클릭](javascript&#58;alert(1))",
        "[클릭](&#106;avascript:alert(1))",
        "[클릭](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
        "[클릭](java&#9;script:alert(1))",
        "[클릭](jav&#x09;ascript&colon;alert(1))",
        "[클릭](vbscript:msgbox(1))",
        "[클릭](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![사진](javascript:alert(1))",
        "![사진](data:image/svg+xml,<svg onload=alert(1)>)",
        "![x\" onerror=\"alert(1)](/media/a.png)",
        "[x](/a\" onmouseover=\"alert(1))",
        "[x](http://a.byline.test/\"onmouseover=\"alert(1))",
        "[x](javascript://%0Aalert(1))",
        "[x][r]\n[r]: javascript:alert(1)",
        "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "</title><script>alert(1)</script>",
        "</script><script>alert(1)</script>",
        "\u{2028}</script><script>alert(1)</script>",
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        "<body onload=alert(1)>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<object data=\"javascript:alert(1)\">",
        "<embed src=\"data:text/html,<script>alert(1)</script>\">",
        "<style>@import 'javascript:alert(1)';</style>",
        "<div style=\"background:url(javascript:alert(1))\">글</div>",
        "<form action=\"javascript:alert(1)\"><button>보내기</button></form>",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<img \"\"\"><script>alert(1)</script>\">",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<<script>alert(1);//<</script>",
        "<img src=x:alert(alt) onerror=eval(src) alt=0>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<a href=\"&#14;javascript:alert(1)\">x</a>",
        "[x]( javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "`<script>alert(1)</script>`",
        "**<img src=x onerror=alert(1)>**",
        "> <a href=javascript:alert(1)>인용</a>",
    ]

    struct Document: Encodable {
        let name: String
        let kind: String
        let text: String
    }

    @Test("hostile text in every field comes out inert on every page, feed and API answer")
    func corpus() async throws {
        #expect(Self.payloads.count >= 40)
        let fixture = try await WebFixture(fillerArticles: 0)
        let store = fixture.store
        var published: [(id: ArticleID, reporter: ReporterID, tag: BylineCore.Tag?, payload: String)] = []
        for (number, payload) in Self.payloads.enumerated() {
            let email = "xss\(number)@byline.test"
            let reporter = try await store.addReporter(NewReporter(name: "기자\(number) \(payload)", email: email, beat: payload))
            let tag = BylineCore.Tag(payload)
            let id = try await store.publish(NewArticle(
                headline: "시험기사 \(number) \(payload)", subheadlines: [payload],
                body: "첫 문단 \(number) \(payload)\n\n\(payload)\n\n끝 문단 [안전한 링크](/news/1)",
                section: SectionPath("society")!, authorEmails: [email], tags: [tag, BylineCore.Tag("시험\(number)")].compactMap { $0 },
                dateline: Dateline(city: payload), isBreaking: number % 5 == 0,
                photos: [NewPhoto(
                    url: "/media/test-photo.svg", caption: payload, alt: payload, photographerEmail: email, credit: payload,
                    takenAt: WebFixture.leadPublished, width: 10, height: 10)],
                publishedAt: WebFixture.leadPublished.addingTimeInterval(Double(number))))
            published.append((id, reporter.id, tag, payload))
        }

        let articles = published
        let app = try await fixture.application()
        let documents = try await app.test(.router) { client in
            var documents: [Document] = []
            func fetch(_ uri: String, _ kind: String) async throws {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok || response.status == .notFound || response.status == .badRequest, "\(uri)")
                documents.append(Document(name: uri, kind: kind, text: response.text))
            }
            for uri in ["/", "/latest", "/breaking", "/section/society", "/all?date=2024-10-10", "/popular"] {
                try await fetch(uri, "html")
            }
            try await fetch("/search?q=\(percentEncode("시험기사"))", "html")
            try await fetch("/rss.xml", "rss")
            try await fetch("/section/society/rss.xml", "rss")
            try await fetch("/api/v1/articles?limit=100", "json")
            try await fetch("/api/v1/search?q=\(percentEncode("시험기사"))", "json")
            for entry in articles {
                try await fetch("/news/\(entry.id)", "html")
                try await fetch("/reporters/\(entry.reporter)", "html")
                try await fetch("/reporters/\(entry.reporter)/rss.xml", "rss")
                try await fetch("/api/v1/articles/\(entry.id)?format=ninjs", "json")
                try await fetch("/api/v1/articles/\(entry.id)?format=newsml", "newsml")
                try await fetch("/api/v1/articles/\(entry.id)", "json")
                try await fetch("/search?q=\(percentEncode(entry.payload))", "html")
                if let tag = entry.tag { try await fetch("/tags/\(percentEncode(tag.name))", "html") }
            }
            return documents
        }
        let problems = try Self.findExecutable(in: documents)
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        // What an outlet's system receives stays valid whatever a writer typed.
        for document in documents where document.name.contains("format=") {
            let errors = try DocumentInspector.schemaErrors(document.kind == "json" ? "ninjs" : "newsml", document.text)
            #expect(errors.isEmpty, "\(document.name): \(errors.prefix(3))")
        }
        // The payloads are there as text: escaped, not dropped.
        let article = try #require(documents.first { $0.name == "/news/\(published[0].id)" })
        #expect(article.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test("hostile text in every field comes out inert in the newsroom's own pages")
    func newsroomPages() async throws {
        let newsroom = try await NewsroomWebFixture()
        let desk = newsroom.site.newsroom
        let hostileEditor = try await newsroom.web.accounts.addUser(
            NewUser(email: "xss-editor@byline.test", name: "편집 <script>alert(1)</script>", role: .editor,
                    passwordHash: Credentials.hashPassword(NewsroomWebFixture.password)), at: newsroom.now)
        var ids: [ArticleID] = []
        for (number, payload) in Self.payloads.enumerated() {
            let document = ArticleDocument(
                headline: "시험기사 \(number) \(payload)", subheadlines: [payload], body: "첫 문단 \(payload)\n\n\(payload)",
                section: SectionPath("society")!, authors: [Byline(name: "", email: "gildong@byline.test")],
                tags: [BylineCore.Tag(payload), BylineCore.Tag("시험\(number)")].compactMap { $0 }, dateline: payload,
                isBreaking: false, publishedAt: nil,
                photos: [PhotoDocument(url: "/media/test-photo.svg", caption: payload, credit: payload, alt: payload)])
            let id = try await desk.create(document, embargoUntil: nil, by: hostileEditor)
            var edited = document
            edited.body += "\n\n고침 \(payload)"
            try await desk.save(id, edited, embargoUntil: nil, version: 1, by: hostileEditor)
            if number % 2 == 0 { try await desk.publish(id, by: hostileEditor) }
            if number % 4 == 0 { try await desk.correct(id, text: "정정 \(payload)", by: hostileEditor) }
            ids.append(id)
        }
        let app = try newsroom.site.application()
        let articles = ids
        let documents = try await app.test(.router) { client in
            let session = try await newsroom.signIn(client, as: hostileEditor)
            var documents: [Document] = []
            func fetch(_ uri: String) async throws {
                let response = try await newsroom.get(client, uri, as: session)
                // A line break in a query string is refused (400) before any page is made.
                #expect(response.status == .ok || (uri.contains("q=") && response.status == .badRequest), "\(uri)")
                documents.append(Document(name: uri, kind: "html", text: response.text))
            }
            try await fetch("/admin")
            try await fetch("/admin/tags")
            try await fetch("/admin/articles/new")
            for (number, id) in articles.enumerated() {
                try await fetch("/admin/articles/\(id)")
                try await fetch("/admin/articles/\(id)/history?from=1&to=2")
                try await fetch("/admin/articles/\(id)/preview")
                try await fetch("/admin?q=\(percentEncode(Self.payloads[number]))")
            }
            return documents
        }
        let problems = try Self.findExecutable(in: documents)
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        let editor = try #require(documents.first { $0.name == "/admin/articles/\(ids[0])" })
        #expect(editor.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text, not dropped")
    }

    @Test("the checker itself finds what it is there to find")
    func checkerWorks() throws {
        let hostile = [
            Document(name: "script", kind: "html", text: "<p>글</p><script>alert(1)</script>"),
            Document(name: "handler", kind: "html", text: "<img src=/a.png onerror=alert(1)>"),
            Document(name: "scheme", kind: "html", text: "<a href=\"jav&#x09;ascript:alert(1)\">x</a>"),
            Document(name: "ld", kind: "html", text: "<script type=\"application/ld+json\">{\"a\":\"</script><p>\"}</script>"),
            Document(name: "feed", kind: "rss", text: "<rss><channel><item><description>&lt;svg onload=alert(1)&gt;</description></item></channel></rss>"),
            Document(name: "ninjs", kind: "json", text: "{\"body_html\": \"<a href='data:text/html,x'>x</a>\"}"),
            Document(name: "bodies", kind: "json", text: "{\"bodies\": [{\"contenttype\": \"text/html\", \"value\": \"<img src=x onerror=alert(1)>\"}]}"),
            Document(
                name: "newsml", kind: "newsml",
                text: "<newsItem><contentSet><inlineXML><html><body><a href=\"javascript:alert(1)\">x</a></body></html></inlineXML></contentSet></newsItem>"),
        ]
        let problems = try Self.findExecutable(in: hostile)
        for name in ["script", "handler", "scheme", "ld", "feed", "ninjs", "bodies", "newsml"] {
            #expect(problems.contains { $0.hasPrefix(name) }, "\(name) not found in \(problems)")
        }
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tools/find_executable.py")

    static func findExecutable(in documents: [Document]) throws -> [String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("byline-xss-\(UUID().uuidString).json")
        try JSONEncoder().encode(documents).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try ToolRun(["python3", script.path, file.path])
        guard run.status == 0, let problems = try JSONSerialization.jsonObject(with: run.output) as? [String] else {
            throw DocumentInspector.Failure(description: "find_executable.py failed: \(run.errors)")
        }
        return problems
    }
}
