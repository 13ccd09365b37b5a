/// How prominently the home page places an article (일반 / 중요 / 헤드라인).
public enum ArticleGrade: String, CaseIterable, Hashable, Sendable {
    case normal, important, headline

    public var koreanName: String {
        switch self {
        case .normal: "일반"
        case .important: "중요"
        case .headline: "헤드라인"
        }
    }
}

/// What an article is (기사, 보도자료, 칼럼, 사설, 인터뷰, 포토): shown to readers, who
/// must be able to tell a press release from reporting, and carried in every output.
public enum ArticleKind: String, CaseIterable, Hashable, Sendable {
    case article, pressRelease = "press_release", column, editorial, interview, photo

    public var koreanName: String {
        switch self {
        case .article: "기사"
        case .pressRelease: "보도자료"
        case .column: "칼럼"
        case .editorial: "사설"
        case .interview: "인터뷰"
        case .photo: "포토"
        }
    }

    /// Whether lists and the article page label it: everything but an ordinary article.
    public var isLabelled: Bool { self != .article }
}
