import BylineCore
import Testing

@Suite("Nested sections")
struct SectionTreeTests {
    let tree = SectionTree([
        Section(id: SectionID(rawValue: 1), slug: "society", name: "사회", parentID: nil, position: 1),
        Section(id: SectionID(rawValue: 2), slug: "seoul", name: "서울시", parentID: SectionID(rawValue: 1), position: 0),
        Section(id: SectionID(rawValue: 3), slug: "gangnam", name: "강남구", parentID: SectionID(rawValue: 2), position: 0),
        Section(id: SectionID(rawValue: 4), slug: "economy", name: "경제", parentID: nil, position: 0),
    ])

    @Test("paths find sections at any depth")
    func lookup() throws {
        #expect(tree.section(at: try #require(SectionPath("society/seoul")))?.name == "서울시")
        #expect(tree.section(at: try #require(SectionPath("society/seoul/gangnam")))?.name == "강남구")
        #expect(tree.section(at: try #require(SectionPath("seoul"))) == nil)
        #expect(tree.path(of: SectionID(rawValue: 3))?.description == "society/seoul/gangnam")
    }

    @Test("a section moves under any other section but itself and its own subsections")
    func moves() {
        let (society, seoul, gangnam, economy) = (SectionID(rawValue: 1), SectionID(rawValue: 2), SectionID(rawValue: 3), SectionID(rawValue: 4))
        #expect(tree.refusal(moving: seoul, under: economy) == nil)
        #expect(tree.refusal(moving: gangnam, under: society) == nil)
        #expect(tree.refusal(moving: society, under: society) == .sectionUnderItself)
        #expect(tree.refusal(moving: society, under: gangnam) == .sectionUnderItself)
        #expect(tree.refusal(moving: economy, under: SectionID(rawValue: 99)) == .unknownParent(nil))
    }

    @Test("breadcrumbs run from the top section down")
    func lineage() {
        #expect(tree.lineage(of: SectionID(rawValue: 3)).map(\.name) == ["사회", "서울시", "강남구"])
        #expect(tree.root(of: SectionID(rawValue: 3))?.name == "사회")
    }

    @Test("a section's list includes every subsection")
    func subtree() {
        #expect(Set(tree.subtree(of: SectionID(rawValue: 1)).map(\.rawValue)) == [1, 2, 3])
        #expect(tree.topLevel.map(\.name) == ["경제", "사회"])
    }

    @Test("slugs are plain lowercase ASCII", arguments: ["Seoul", "서울", "a/b", "", "a b", "..", String(repeating: "a", count: 41)])
    func invalidSlug(_ slug: String) {
        #expect(!SectionPath.isValidSlug(slug))
    }

    @Test("tags are trimmed and refuse control characters and slashes")
    func tags() {
        #expect(Tag("  반도체 ")?.name == "반도체")
        #expect(Tag("") == nil)
        #expect(Tag("a/b") == nil)
        #expect(Tag("nul\u{0}") == nil)
        #expect(Tag(String(repeating: "가", count: 41)) == nil)
    }

    @Test("summaries come from the first paragraph, shortened with an ellipsis")
    func summaries() {
        #expect(NewArticle.summary(fromMarkdown: "첫 문단입니다.\n\n둘째 문단") == "첫 문단입니다.")
        let long = String(repeating: "가", count: 200)
        #expect(NewArticle.summary(fromMarkdown: long).count == 120)
        #expect(NewArticle.summary(fromMarkdown: long).hasSuffix("…"))
        // Headings, quotes and pictures are skipped; bold marks go; lines of a paragraph join.
        #expect(NewArticle.summary(fromMarkdown: "## 제목\n\n> 인용\n\n![사진](/a.jpg)\n\n**굵게** 쓴\n문단\n\n끝") == "굵게 쓴 문단")
        #expect(NewArticle.summary(fromMarkdown: "\n\n\n  둘째 줄부터  \n\n다음") == "둘째 줄부터")
        #expect(NewArticle.summary(fromMarkdown: "# 제목만") == "")
        #expect(NewArticle.summary(fromMarkdown: "") == "")
    }
}

@Suite("Line diff")
struct LineDiffTests {
    @Test("kept, removed and added lines come out in reading order")
    func diff() {
        let changes = LineDiff.compare("가\n나\n다\n라", "가\n다\n마\n라")
        #expect(changes == [.same("가"), .removed("나"), .same("다"), .added("마"), .same("라")])
        #expect(LineDiff.compare("옛 줄", "새 줄") == [.removed("옛 줄"), .added("새 줄")])
        #expect(LineDiff.compare("같음", "같음") == [.same("같음")])
    }
}
