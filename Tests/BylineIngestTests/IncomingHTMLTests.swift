import BylineMarkup
import Testing

@Suite("Partners' HTML as Markdown for a draft")
struct IncomingHTMLTests {
    @Test func blocksLinksAndEmphasisBecomeMarkdown() {
        let html = IncomingHTML.sanitize("""
            <h2>소제목</h2><p>첫 <strong>굵은</strong> 문단과 <a href="https://example.com/a">링크</a>.</p>
            <blockquote><p>인용 문단</p></blockquote><ul><li>하나</li><li>둘</li></ul>
            <p>*별표*와 [괄호], # 기호<img src="https://tracker.example/p.gif" alt="x"></p><p>-로 시작하는 문단</p><!-- 주석 --><style>p{}</style>
            """)
        #expect(IncomingHTML.markdown(fromSanitized: html) == """
            ## 소제목

            첫 **굵은** 문단과 [링크](https://example.com/a).

            > 인용 문단

            - 하나

            - 둘

            \\*별표\\*와 \\[괄호\\], # 기호

            \\-로 시작하는 문단
            """)
    }

    @Test func markdownRendersBackToTheSameText() {
        let markdown = IncomingHTML.markdown(fromSanitized: IncomingHTML.sanitize("<p>*별표*와 [괄호] &amp; &lt;태그&gt;</p>"))
        #expect(BodyHTML.html(fromMarkdown: markdown) == "<p>*별표*와 [괄호] &amp; &lt;태그&gt;</p>")
    }
}
