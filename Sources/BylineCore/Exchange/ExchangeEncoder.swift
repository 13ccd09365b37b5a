import Foundation

/// Writes sections and articles as NDJSON lines, in the form `ExchangeDecoder` reads,
/// with sorted keys so that the same newsroom always exports the same bytes.
public enum ExchangeEncoder {
    public static func line(_ record: ExchangeRecord) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data?
        switch record {
        case .section(let section):
            data = try? encoder.encode(SectionJSON(
                kind: "section", slug: section.path.description, name: section.name, position: section.position))
        case .article(let article):
            data = try? encoder.encode(ArticleJSON(article))
        }
        return (data ?? Data("{}".utf8)) + Data("\n".utf8)
    }
}
