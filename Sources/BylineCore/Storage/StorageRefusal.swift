/// What a store refuses to do, by name: storage throws these and never writes a sentence,
/// and the places that speak to people (the web's error mapping and forms, the import's
/// report, the command line) say them with `explanation`, worded once, here.
public enum StorageRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// An article names a section the site does not have.
    case unknownSection(SectionPath)
    /// A new section's parent does not exist (its path, when one was given).
    case unknownParent(SectionPath?)
    /// A section cannot move under itself or one of its own subsections.
    case sectionUnderItself
    /// Another section already has that address under the same parent.
    case sectionAddressTaken
    /// An article names a reporter by an e-mail the site has not seen.
    case unknownReporter(email: String)
    /// Another account already has that e-mail, in any case.
    case emailTaken(String)
    /// A search ran past its time limit: too common words, too many matches.
    case searchTooBroad
    /// The database refused a value of an imported record (a constraint, a NUL character);
    /// `detail` is the database's own words.
    case unstorable(detail: String)
    /// An import names a killed article (by its external id): a kill is final.
    case articleKilled
    /// A subscriber is given products that do not exist.
    case unknownProducts([ProductID])
    /// Another product already has that name.
    case productNameTaken(String)
    /// Another wire source already has that name.
    case sourceNameTaken(String)

    /// The form field the refusal belongs beside, when it is about one.
    public var field: String? {
        switch self {
        case .unknownSection: "section"
        case .unknownParent: "parent"
        case .sectionUnderItself, .sectionAddressTaken: "move"
        case .unknownReporter: "authors"
        case .emailTaken: "email"
        case .unknownProducts: "products"
        case .productNameTaken, .sourceNameTaken: "name"
        case .searchTooBroad, .unstorable, .articleKilled: nil
        }
    }

    /// What a person is told, in Korean.
    public var explanation: String {
        switch self {
        case .unknownSection(let path): "섹션 '\(path)'이(가) 없습니다."
        case .unknownParent(let path?): "상위 섹션 '\(path)'이(가) 없습니다."
        case .unknownParent(nil): "상위 섹션이 없습니다."
        case .sectionUnderItself: "섹션을 자기 자신이나 그 하위 섹션 아래로 옮길 수 없습니다."
        case .sectionAddressTaken: "옮길 곳에 같은 주소의 섹션이 이미 있습니다."
        case .unknownReporter(let email): "기자 '\(email)'을(를) 찾을 수 없습니다."
        case .emailTaken(let email): "이미 등록된 이메일입니다: \(email)"
        case .searchTooBroad: "검색이 너무 오래 걸려 멈췄습니다. 더 구체적인 낱말로 검색해 주세요."
        case .unstorable(let detail): "저장할 수 없는 값입니다 (\(detail))."
        case .articleKilled: "킬된 기사는 다시 들여오거나 바꿀 수 없습니다."
        case .unknownProducts(let ids): "없는 상품입니다: \(ids.map(\.description).joined(separator: ", "))"
        case .productNameTaken(let name): "이미 있는 상품 이름입니다: \(name)"
        case .sourceNameTaken(let name): "이미 있는 수신처 이름입니다: \(name)"
        }
    }

    public var description: String { explanation }
}
