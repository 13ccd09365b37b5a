import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import BylineMarkup
@testable import BylineNewsroom
@testable import BylineWeb

@Suite("Markdown to safe HTML")
struct HTMLSanitizerTests {
    func html(_ markdown: String) -> String { BodyHTML.html(fromMarkdown: markdown) }

    @Test("bodies are split and replaced byte by byte exactly as Foundation's literal operations do")
    func byteOperations() {
        for text in ["a\n\n\nb", "a\r\n\r\nb\n\n", "\n\nx", "가<\u{301}나\u{E000}다<", "", "\n\n\n\n", "끝\n\n"] {
            #expect(text.splittingBytes(at: Array("\n\n".utf8)) == text.components(separatedBy: "\n\n"), "\(text.debugDescription)")
            #expect(text.replacingBytes(of: Array("\u{E000}".utf8), with: []) == text.replacingOccurrences(of: "\u{E000}", with: ""))
            // Foundation compares Characters, and leaves a `<` that a combining mark follows; bytes leave none.
            #expect(!text.replacingBytes(of: Array("<".utf8), with: Array("&lt;".utf8)).utf8.contains(UInt8(ascii: "<")))
        }
        #expect("a<b".replacingBytes(of: Array("<".utf8), with: Array("&lt;".utf8)) == "a&lt;b")
        #expect(BodyHTML.html(fromMarkdown: "<\u{301}script>알림</script>") == "<p>&lt;\u{301}script&gt;알림&lt;/script&gt;</p>")
    }

    @Test("escaping reads bytes: text without markup comes back as it is, and a mark combined onto < cannot hide it")
    func escaping() {
        #expect(escapeHTML("서울시청 앞 광장") == "서울시청 앞 광장")
        #expect(escapeHTML(#"<a href="x" title='y'>A&B</a>"#) == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;A&amp;B&lt;/a&gt;")
        // One Character to Swift ("<" with a combining accent), still a "<" byte to a browser.
        #expect(escapeHTML("<\u{301}script>") == "&lt;\u{301}script&gt;")
        var written: [UInt8] = Array("앞 ".utf8)
        appendEscapedHTML("\"따옴표\" & <\u{301}'", to: &written)
        #expect(String(decoding: written, as: UTF8.self) == "앞 &quot;따옴표&quot; &amp; &lt;\u{301}&#39;")
    }

    @Test("ordinary Markdown keeps its structure, links and images")
    func ordinary() {
        #expect(html("## 소제목") == "<h2>소제목</h2>")
        #expect(html("**굵게** 와 *기울임*") == "<p><strong>굵게</strong> 와 <em>기울임</em></p>")
        #expect(html("[기사](https://byline.example/news/1?a=1&b=2)")
            == "<p><a href=\"https://byline.example/news/1?a=1&amp;b=2\">기사</a></p>")
        #expect(html("[이전 기사](/news/12)") == "<p><a href=\"/news/12\">이전 기사</a></p>")
        #expect(html("[메일](mailto:desk@byline.example)").contains("href=\"mailto:desk@byline.example\""))
        #expect(html("![그래프](/media/chart.png)") == "<img src=\"/media/chart.png\" alt=\"그래프\">")
        #expect(html("- 하나\n- 둘") == "<ul><li>하나</li><li>둘</li></ul>")
        #expect(html("> 인용문") == "<blockquote><p>인용문</p></blockquote>")
        #expect(html("`a < b && c`").contains("<code>a &lt; b &amp;&amp; c</code>"))
        #expect(html("1 < 2 이고 3 > 2") == "<p>1 &lt; 2 이고 3 &gt; 2</p>")
    }

    @Test("dangerous addresses are dropped, quotes cannot break out, raw HTML is text")
    func hostile() {
        #expect(html("[클릭](javascript:alert(1))") == "<p><a>클릭</a></p>")
        #expect(html("[클릭](&#x6A;avascript:alert(1))") == "<p><a>클릭</a></p>")
        #expect(html("![사진](data:image/png;base64,AAAA)") == "")
        #expect(!html("![x\" onerror=\"alert(1)](/a.png)").contains("onerror=\""))
        #expect(html("<b onclick=x>굵게</b>") == "<p>&lt;b onclick=x&gt;굵게&lt;/b&gt;</p>")
    }

    @Test("addresses are judged after entities, case, and hidden characters")
    func addresses() {
        for unsafe in ["javascript:x", "JAVASCRIPT:x", " javascript:x", "java\tscript:x", "\u{0E}javascript:x", "vbscript:x",
                       "data:text/html,x", "jav&#x09;ascript:x"] {
            #expect(HTMLSanitizer.safeURL(HTMLSanitizer.decodeEntities(unsafe)) == nil, "\(unsafe)")
        }
        for safe in ["/news/1", "https://byline.example/a:b", "?q=a:b", "#top", "news/1", "//cdn.byline.example/a.png"] {
            #expect(HTMLSanitizer.safeURL(safe) != nil, "\(safe)")
        }
        #expect(HTMLSanitizer.decodeEntities("&#106;&#x61;&colon;&amp;&unknown;") == "ja:&&unknown;")
    }

    @Test("a sanitised body becomes well-formed XHTML: void tags closed, entities for XML, crossed tags closed in order")
    func xhtml() throws {
        #expect(XHTML.body(fromSanitized: "<p>가<br>나</p><hr><img src=\"/a.jpg\" alt=\"&quot;사진&quot;\">")
            == "<p>가<br/>나</p><hr/><img src=\"/a.jpg\" alt=\"&quot;사진&quot;\"/>")
        #expect(XHTML.body(fromSanitized: "<p>A&nbsp;B &amp; C &#x41; & D &lt;b&gt;</p>") == "<p>A\u{A0}B &amp; C A &amp; D &lt;b&gt;</p>")
        #expect(XHTML.body(fromSanitized: "<p><strong>a <em>b</strong> c</em></p>") == "<p><strong>a <em>b</em></strong> c</p>")
        #expect(XHTML.body(fromSanitized: "<p>열림<em>끝") == "<p>열림<em>끝</em></p>", "left open: closed at the end")
        #expect(XHTML.body(fromSanitized: "</p>앞") == "앞", "a close with nothing open is dropped")
        #expect(XHTML.body(fromSanitized: "<p>제어\u{1}문자</p>") == "<p>제어문자</p>", "characters XML forbids are dropped")
        #expect(XHTML.body(fromSanitized: "<a href=\"/news/1?a=1&amp;b=2\" title=\"<x>\">링크</a>")
            == "<a href=\"/news/1?a=1&amp;b=2\" title=\"&lt;x&gt;\">링크</a>")
        // Whatever Markdown a writer types, the result parses as XML.
        for markdown in ["**a *b** c*", "| a | b |\n|---|---|\n| 1 | 2 |", "> 인용\n>\n> - 목록", "![사진](/a.jpg \"제목\") &copy; &", "```\n<x>&\n```"] {
            let xhtml = XHTML.body(fromSanitized: BodyHTML.html(fromMarkdown: markdown))
            let parser = XMLParser(data: Data("<body>\(xhtml)</body>".utf8))
            #expect(parser.parse(), "\(markdown.debugDescription) gave \(xhtml)")
        }
    }
}
