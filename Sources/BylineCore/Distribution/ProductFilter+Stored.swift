import Foundation

/// A filter's lists as both backends keep them: one JSON array each, in a text column.
/// Products are few and read whole, so nothing queries inside the arrays.
extension ProductFilter {
    public struct StoredLists: Hashable, Sendable {
        public let sections: String
        public let grades: String
        public let kinds: String
        public let tags: String

        public init(sections: String, grades: String, kinds: String, tags: String) {
            self.sections = sections
            self.grades = grades
            self.kinds = kinds
            self.tags = tags
        }
    }

    public var storedLists: StoredLists {
        StoredLists(
            sections: Self.json(sections.map(\.rawValue)), grades: Self.json(grades.map(\.rawValue)),
            kinds: Self.json(kinds.map(\.rawValue)), tags: Self.json(tags.map(\.name)))
    }

    /// The filter kept as `lists`; a value no longer known (a kind a later version dropped) is left out.
    public init(stored lists: StoredLists, breakingOnly: Bool, photosOnly: Bool) {
        self.init(
            sections: Self.array(lists.sections, of: Int64.self).map(SectionID.init(rawValue:)),
            grades: Self.array(lists.grades, of: String.self).compactMap(ArticleGrade.init(rawValue:)),
            kinds: Self.array(lists.kinds, of: String.self).compactMap(ArticleKind.init(rawValue:)),
            tags: Self.array(lists.tags, of: String.self).compactMap(Tag.init),
            breakingOnly: breakingOnly, photosOnly: photosOnly)
    }

    private static func json(_ values: [some Encodable]) -> String {
        (try? JSONEncoder().encode(values)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    private static func array<Value: Decodable>(_ text: String, of type: Value.Type) -> [Value] {
        (try? JSONDecoder().decode([Value].self, from: Data(text.utf8))) ?? []
    }
}
