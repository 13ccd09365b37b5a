import BylineCore
import Foundation

/// The article form's fields as typed (DESIGN §3: the JSON's names; `subheadlines`,
/// `tags` and `authors` one per line, an author as `e-mail` or `name <e-mail>`; photos one
/// per line as `url | caption | credit | alt`).
/// Kept as text so that a refused form comes back exactly as it was sent.
struct ArticleForm: Sendable {
    var headline = ""
    var subheadlines = ""
    var body = ""
    var section = ""
    var authors = ""
    var tags = ""
    var dateline = ""
    var breaking = false
    var grade = ArticleGrade.normal.rawValue
    var kind = ArticleKind.article.rawValue
    var photos = ""
    /// `YYYY-MM-DDTHH:MM` in Seoul, as `<input type="datetime-local">` sends it.
    var embargoUntil = ""

    init() {}

    init(_ form: FormBody) {
        headline = form["headline"] ?? ""
        subheadlines = form["subheadlines"] ?? ""
        body = form["body"] ?? ""
        section = form["section"] ?? ""
        authors = form["authors"] ?? ""
        tags = form["tags"] ?? ""
        dateline = form["dateline"] ?? ""
        breaking = form["breaking"] != nil
        grade = form["grade"] ?? ArticleGrade.normal.rawValue
        kind = form["article_kind"] ?? ArticleKind.article.rawValue
        photos = form["photos"] ?? ""
        embargoUntil = form["embargo_until"] ?? ""
    }

    init(_ document: ArticleDocument, embargoUntil: Date?) {
        headline = document.headline
        subheadlines = document.subheadlines.joined(separator: "\n")
        body = document.body
        section = document.section.description
        authors = document.authors.map { $0.name.isEmpty ? $0.email : "\($0.name) <\($0.email)>" }.joined(separator: "\n")
        tags = document.tags.map(\.name).joined(separator: "\n")
        dateline = document.dateline ?? ""
        breaking = document.isBreaking
        grade = document.grade.rawValue
        kind = document.kind.rawValue
        photos = document.photos.map { [$0.url, $0.caption, $0.credit, $0.alt].joined(separator: " | ") }.joined(separator: "\n")
        self.embargoUntil = embargoUntil.map(Self.localTime) ?? ""
    }

    /// The content, or every field's problem at once.
    func document() throws -> (ArticleDocument, embargoUntil: Date?) {
        let parsed = parse()
        guard parsed.problems.isEmpty else { throw BylineError.invalidFields(parsed.problems) }
        return (parsed.document, parsed.embargoUntil)
    }

    /// The content as far as it can be read, and what could not be: the caller adds the
    /// newsroom's own checks, so that one refusal names every field at once.
    func parse() -> (document: ArticleDocument, embargoUntil: Date?, problems: [FieldProblem]) {
        var problems: [FieldProblem] = []
        let parsedSection = SectionPath(self.section.trimmingCharacters(in: .whitespaces))
        if parsedSection == nil { problems.append(FieldProblem(field: "section", message: "섹션을 고르세요.")) }
        let section = parsedSection ?? SectionPath(slugs: ["unknown"])
        let tags = Self.tagNames(self.tags).map { line -> Tag? in
            let tag = Tag(line)
            if tag == nil { problems.append(FieldProblem(field: "tags", message: "태그 '\(line)'은(는) 쓸 수 없습니다 (40자 이하, / 없이).")) }
            return tag
        }
        var photos: [PhotoDocument] = []
        for line in Self.lines(self.photos) {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 4, !parts[0].isEmpty else {
                problems.append(FieldProblem(field: "photos", message: "사진은 한 줄에 '주소 | 설명 | 출처 | 대체 텍스트'로 씁니다."))
                continue
            }
            photos.append(PhotoDocument(url: parts[0], caption: parts[1], credit: parts[2], alt: parts[3], library: Self.libraryPhoto(at: parts[0])))
        }
        let grade = ArticleGrade(rawValue: self.grade)
        if grade == nil { problems.append(FieldProblem(field: "grade", message: "등급을 고르세요.")) }
        let kind = ArticleKind(rawValue: self.kind)
        if kind == nil { problems.append(FieldProblem(field: "article_kind", message: "종류를 고르세요.")) }
        var embargo: Date?
        if !embargoUntil.isEmpty {
            embargo = Self.date(fromLocal: embargoUntil)
            if embargo == nil { problems.append(FieldProblem(field: "embargo_until", message: "엠바고 시각을 읽을 수 없습니다.")) }
        }
        let document = ArticleDocument(
            headline: headline.trimmingCharacters(in: .whitespacesAndNewlines), subheadlines: Self.lines(subheadlines),
            body: body.replacingOccurrences(of: "\r\n", with: "\n"), section: section,
            authors: Self.lines(authors).map(Self.byline), tags: tags.compactMap { $0 },
            dateline: dateline.trimmingCharacters(in: .whitespaces).isEmpty ? nil : dateline.trimmingCharacters(in: .whitespaces),
            isBreaking: breaking, publishedAt: nil, photos: photos, grade: grade ?? .normal, kind: kind ?? .article)
        return (document, embargo, problems)
    }

    /// `홍길동 <gildong@example.com>` or `gildong@example.com`; a name is needed only for a new byline.
    static func byline(_ line: String) -> Byline {
        guard line.hasSuffix(">"), let open = line.lastIndex(of: "<") else { return Byline(name: "", email: line) }
        let email = line[line.index(after: open)..<line.index(before: line.endIndex)]
        return Byline(name: line[..<open].trimmingCharacters(in: .whitespaces), email: email.trimmingCharacters(in: .whitespaces))
    }

    /// The library picture a photo line names by its newsroom address (`/admin/photos/7/image`).
    static func libraryPhoto(at url: String) -> LibraryPhotoID? {
        guard url.hasPrefix("/admin/photos/"), url.hasSuffix("/image") else { return nil }
        return LibraryPhotoID(url.dropFirst("/admin/photos/".count).dropLast("/image".count))
    }

    /// Tags as a desk types them: one per line or several separated by commas, as other
    /// publishing tools take them (`첫기사, 광장` is two tags, not one named with a comma).
    static func tagNames(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isNewline || $0 == "," || $0 == "，" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `2026-11-25T18:00` (Seoul) for a datetime-local input.
    static func localTime(_ date: Date) -> String { String(KoreanTime.iso8601(date).prefix(16)) }

    static func date(fromLocal text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed.count {
        case 16: return RFC3339.date(from: trimmed + ":00+09:00")
        case 19: return RFC3339.date(from: trimmed + "+09:00")
        default: return nil
        }
    }

    var gradeOptions: [OptionView] {
        ArticleGrade.allCases.map { OptionView(value: $0.rawValue, label: $0.koreanName, selected: $0.rawValue == grade) }
    }

    var kindOptions: [OptionView] {
        ArticleKind.allCases.map { OptionView(value: $0.rawValue, label: $0.koreanName, selected: $0.rawValue == kind) }
    }
}

/// The fields as JSON, for autosave, with the API's names.
extension ArticleForm: Codable {
    enum CodingKeys: String, CodingKey {
        case headline, subheadlines, body, section, authors, tags, dateline, breaking, grade, photos
        case kind = "article_kind"
        case embargoUntil = "embargo_until"
    }

    /// Missing fields keep their defaults: a copy saved by an older version still loads.
    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys, _ fallback: String = "") throws -> String {
            try fields.decodeIfPresent(String.self, forKey: key) ?? fallback
        }
        headline = try text(.headline)
        subheadlines = try text(.subheadlines)
        body = try text(.body)
        section = try text(.section)
        authors = try text(.authors)
        tags = try text(.tags)
        dateline = try text(.dateline)
        breaking = try fields.decodeIfPresent(Bool.self, forKey: .breaking) ?? false
        grade = try text(.grade, ArticleGrade.normal.rawValue)
        kind = try text(.kind, ArticleKind.article.rawValue)
        photos = try text(.photos)
        embargoUntil = try text(.embargoUntil)
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    init?(json: String) {
        guard let form = try? JSONDecoder().decode(ArticleForm.self, from: Data(json.utf8)) else { return nil }
        self = form
    }
}
