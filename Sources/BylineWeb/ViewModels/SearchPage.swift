import BylineCore

/// The search page: the form as the reader filled it, results with marked passages,
/// or a Korean "no results" message with suggestions.
struct SearchPage: Sendable {
    struct Result: Sendable {
        let card: CardView
        /// The headline with matches marked, already escaped.
        let headlineHTML: String
        /// A passage of the body with matches marked, already escaped.
        let snippetHTML: String
    }

    let layout: LayoutView
    let query: String
    let hasQuery: Bool
    let message: String?
    let results: [Result]
    let suggestions: [LinkView]
    let sections: [LinkView]
    let sortOptions: [LinkView]
    /// The reporter the search is limited to, kept across new searches from the form.
    let reporter: String?
    let from: String
    let to: String
    let moreURL: String?
    var noResults: Bool { hasQuery && message == nil && results.isEmpty }
}
