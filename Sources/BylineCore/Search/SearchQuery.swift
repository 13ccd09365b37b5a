import Foundation

/// A reader's search, parsed: terms that must all appear (AND), quoted phrases that
/// must appear as written, and limits that keep a hostile query cheap.
public struct SearchQuery: Hashable, Sendable {
    /// One thing that must be found: its index terms in order, and whether the last
    /// term may match as a prefix (a lone syllable such as 서 finds 서울).
    public struct Clause: Hashable, Sendable {
        public let terms: [String]
        public let isPrefix: Bool
        /// The words as typed (normalised), for highlighting.
        public let text: String
    }

    public static let maxLength = 200
    public static let maxClauses = 8
    public static let maxTerms = 32

    public let clauses: [Clause]

    /// Parses what a reader typed; throws a Korean explanation when nothing searchable is left.
    public init(_ raw: String) throws(BylineError) {
        guard raw.count <= Self.maxLength else {
            throw BylineError.invalidInput("검색어는 \(Self.maxLength)자까지 입력할 수 있습니다.")
        }
        var clauses: [Clause] = []
        // Split into quoted phrases and bare words; an unbalanced quote just ends the text.
        for (index, part) in raw.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
            let isPhrase = index % 2 == 1
            let pieces = isPhrase ? [Substring(part)] : part.split(whereSeparator: { $0.isWhitespace })
            for piece in pieces {
                let runs = SearchTokenizer.runs(String(piece))
                guard !runs.isEmpty else { continue }
                let terms = runs.flatMap(\.terms)
                let last = runs[runs.count - 1]
                clauses.append(Clause(
                    terms: terms, isPrefix: !isPhrase && last.isCJK && last.scalars.count == 1,
                    text: runs.map(\.text).joined(separator: " ")))
            }
        }
        guard !clauses.isEmpty else {
            throw BylineError.invalidInput("검색할 낱말을 입력해 주세요. 기호만으로는 검색할 수 없습니다.")
        }
        guard clauses.count <= Self.maxClauses, clauses.map(\.terms.count).reduce(0, +) <= Self.maxTerms else {
            throw BylineError.invalidInput("검색어가 너무 많습니다. 낱말 \(Self.maxClauses)개 이내로 줄여 주세요.")
        }
        self.clauses = clauses
    }

    /// Every single word of the query: suggestions when a search of several finds nothing.
    public var words: [String] { clauses.map(\.text) }

    /// A query of lone syllables only (서, 독) matches as prefixes and so most of an archive;
    /// relevance means little there, and ranking it all costs the most, so it lists newest first.
    public var isBroadPrefix: Bool { clauses.allSatisfy { $0.isPrefix && $0.terms.count == 1 } }
}

/// How search results are ordered.
public enum SearchOrder: String, Hashable, Sendable, CaseIterable {
    /// Best match first, newer articles lifted a little.
    case relevance
    /// Newest first, among the matches.
    case newest
}

/// A search over public articles: the query, the filters and the page wanted.
public struct SearchRequest: Hashable, Sendable {
    public var query: SearchQuery
    /// Section, reporter, tag and date filters, as for lists.
    public var filters: ArticleListing
    public var order: SearchOrder
    public var page: PageRequest
    /// Seconds the backend may spend before giving up with a Korean explanation.
    public var timeLimit: TimeInterval
    /// What every reader's search has.
    public static let usualTimeLimit: TimeInterval = 0.5

    public init(
        query: SearchQuery, filters: ArticleListing = .latest, order: SearchOrder = .relevance, page: PageRequest,
        timeLimit: TimeInterval = usualTimeLimit
    ) {
        self.query = query
        self.filters = filters
        self.order = query.isBroadPrefix ? .newest : order
        self.page = page
        self.timeLimit = timeLimit
    }
}
