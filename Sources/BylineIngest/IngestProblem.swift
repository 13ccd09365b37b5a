/// Why an item was refused. Nothing of a refused item is kept; the reason is answered and logged.
public enum IngestProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// Larger than `limit` bytes.
    case tooLarge(limit: Int)
    /// Neither ninjs JSON nor NewsML-G2 XML (nor, from a feed, RSS or Atom).
    case unsupportedType(String)
    /// A character set other than UTF-8, declared or found.
    case notUTF8(declared: String?)
    case malformedJSON
    case malformedXML(line: Int, column: Int)
    /// A document type declaration: the way to external entities and entity-expansion bombs.
    case documentTypeDeclaration
    /// Nested deeper than any news item is.
    case tooDeep
    /// Well-formed, but not what the format requires; `detail` says what is missing or wrong.
    case wrongSchema(String)

    /// What the sender is told, in Korean.
    public var explanation: String {
        switch self {
        case .tooLarge(let limit): "항목이 너무 큽니다. \(limit / 1024 / 1024) MB까지 받습니다."
        case .unsupportedType(let type):
            "받을 수 없는 형식입니다 (\(type.isEmpty ? "Content-Type 없음" : type)). ninjs는 application/json, NewsML-G2는 application/xml로 보내 주세요."
        case .notUTF8(let declared?): "문자 집합 '\(declared)'은(는) 받지 않습니다. UTF-8로 보내 주세요."
        case .notUTF8(nil): "UTF-8이 아닌 바이트가 있습니다. UTF-8로 보내 주세요."
        case .malformedJSON: "JSON 문법이 맞지 않습니다."
        case .malformedXML(let line, let column): "XML 문법이 맞지 않습니다 (\(line)행 \(column)열)."
        case .documentTypeDeclaration: "DOCTYPE이나 엔티티 선언이 있는 XML은 받지 않습니다 (외부 엔티티와 엔티티 폭탄을 막기 위해서입니다)."
        case .tooDeep: "요소가 너무 깊게 중첩되어 있습니다."
        case .wrongSchema(let detail): "형식에 맞지 않는 항목입니다: \(detail)"
        }
    }

    public var description: String { explanation }
}
