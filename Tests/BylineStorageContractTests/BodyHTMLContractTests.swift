import BylineCore
import BylineMarkup
import Foundation
import Testing

/// An article body's HTML is rendered when the article is saved, never per view: every way
/// of writing an article stores it, and a store opened by a newer renderer renders again.
@Suite("Storage contract: stored body HTML")
struct BodyHTMLContractTests {
    let later = NewsroomFixture.noon.addingTimeInterval(86_400)
    let markdown = "첫 문단에 **강조**와 [링크](https://byline.test/a)가 있다.\n\n<script>alert(1)</script> 둘째 문단."

    @Test("a stored body splits at every separator, empty paragraphs and multi-byte text included")
    func paragraphs() {
        #expect(BodyHTML.paragraphs(of: "").isEmpty)
        #expect(BodyHTML.paragraphs(of: "<p>한 문단</p>") == ["<p>한 문단</p>"])
        #expect(BodyHTML.paragraphs(of: "<p>가</p>\u{1E}<p>나é</p>\u{1E}<p>다🙂</p>") == ["<p>가</p>", "<p>나é</p>", "<p>다🙂</p>"])
        #expect(BodyHTML.paragraphs(of: "\u{1E}가\u{1E}\u{1E}") == ["", "가", "", ""])
    }

    @Test("publishing, updating and importing store the body's HTML", arguments: StorageBackend.allCases)
    func renderedOnSave(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let store = newsroom.store
        var content = NewsroomFixture.article("본문 렌더링")
        content.body = markdown
        let id = try await store.publish(content)
        let published = try #require(try await store.article(id, asOf: later))
        #expect(published.bodyHTML == BodyHTML.render(markdown: markdown))
        #expect(BodyHTML.paragraphs(of: try #require(published.bodyHTML)) == [
            #"<p>첫 문단에 <strong>강조</strong>와 <a href="https://byline.test/a">링크</a>가 있다.</p>"#,
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; 둘째 문단.</p>",
        ])

        content.body = "고친 본문."
        try await store.update(id, with: content, at: later)
        #expect(try await store.article(id, asOf: later)?.bodyHTML == "<p>고친 본문.</p>")

        // Imports take a bulk path for new articles and a row-by-row one for updates.
        let documents = (1...3).map { number in
            ArticleDocument(
                externalID: "body-\(number)", headline: "가져온 기사 \(number)", body: "가져온 본문 \(number).\n\n- 항목",
                section: SectionPath("society")!, authors: [], publishedAt: NewsroomFixture.noon)
        }
        var imported: [ArticleID] = []
        for outcome in try await store.importRecords(documents.map { .article($0) }, at: later) {
            guard case .articleCreated(let id) = outcome else { Issue.record("expected a new article, got \(outcome)"); return }
            imported.append(id)
        }
        for (id, number) in zip(imported, 1...3) {
            #expect(try await store.article(id, asOf: later)?.bodyHTML == "<p>가져온 본문 \(number).</p>\u{1E}<ul><li>항목</li></ul>")
        }
        var changed = documents[0]
        changed.body = "다시 가져온 본문."
        #expect(try await store.importRecords([.article(changed)], at: later) == [.articleUpdated(imported[0])])
        #expect(try await store.article(imported[0], asOf: later)?.bodyHTML == "<p>다시 가져온 본문.</p>")

        // The newsroom's import renders each batch before the store writes it: that rendering is kept.
        var prerendered = documents[1]
        // (Told apart from the store's own rendering by giving it HTML the Markdown would not make.)
        prerendered.body = "마크다운 원문."
        prerendered.renderedBody = "<p>미리 그린 본문.</p>"
        var fresh = prerendered
        fresh.externalID = "body-new"
        let outcomes = try await store.importRecords([.article(prerendered), .article(fresh), .article(fresh)], at: later)
        #expect(outcomes.first == .articleUpdated(imported[1]))
        for case .articleCreated(let id) in outcomes {
            #expect(try await store.article(id, asOf: later)?.bodyHTML == "<p>미리 그린 본문.</p>")
        }
        #expect(try await store.article(imported[1], asOf: later)?.bodyHTML == "<p>미리 그린 본문.</p>")
    }

    @Test("bodies stored before the current renderer are rendered again when the store opens",
          arguments: [StorageBackend.sqliteFile, .postgres])
    func renderedAgainOnOpen(_ backend: StorageBackend) async throws {
        let location = try await backend.newDatabase()
        let newsroom = try await NewsroomFixture(store: backend.open(location))
        var content = NewsroomFixture.article("옛 렌더러")
        content.body = markdown
        let id = try await newsroom.store.publish(content)

        // As a database written before bodies were stored, or by an older renderer, looks.
        try await backend.execute("UPDATE article SET bodyHtml = 'old', bodyHtmlVersion = 0", at: location)
        #expect(try await newsroom.store.article(id, asOf: later)?.bodyHTML == nil, "an outdated rendering is never shown")

        let reopened = try await backend.open(location)
        #expect(try await reopened.article(id, asOf: later)?.bodyHTML == BodyHTML.render(markdown: markdown))
    }
}
