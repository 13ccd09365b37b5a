import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Keeps the full-text index in step with articles. Text is tokenized in Swift by
/// `SearchTokenizer`, the same terms SQLite indexes, and written as a `tsvector`
/// literal, so PostgreSQL's own parsers and dictionaries never change a term.
enum SearchIndex {
    /// Rebuilds the index entry of one article, inside the caller's transaction.
    static func reindex(_ articleID: Int64, connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.rows("""
            SELECT headline, subheadlines, body,
                   coalesce((SELECT string_agg(tag.name, ' ') FROM articleTag JOIN tag ON tag.id = articleTag.tagId
                             WHERE articleTag.articleId = article.id), ''),
                   coalesce((SELECT string_agg(reporter.name, ' ') FROM articleAuthor
                             JOIN reporter ON reporter.id = articleAuthor.reporterId
                             WHERE articleAuthor.articleId = article.id), '')
            FROM article WHERE id = \(articleID)
            """, logger: logger)
        guard let row = rows.first else {
            try await connection.run("DELETE FROM articleSearch WHERE articleId = \(articleID)", logger: logger)
            return
        }
        let (headline, subheadlines, body, tags, people) = try row.decode((String, [String], String, String, String).self)
        try await write(
            articleID, entry: entry(headline: headline, text: subheadlines + [body], tags: tags, people: people),
            connection: connection, logger: logger)
    }

    static func write(_ articleID: Int64, entry: Entry, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("""
            INSERT INTO articleSearch (articleId, document, pairs, isPublished, publishedAt, sectionId)
            SELECT id, \(entry.document)::tsvector, \(entry.pairs)::tsvector, status = 'published', publishedAt, sectionId
            FROM article WHERE id = \(articleID)
            ON CONFLICT (articleId) DO UPDATE SET document = excluded.document, pairs = excluded.pairs,
                isPublished = excluded.isPublished, publishedAt = excluded.publishedAt, sectionId = excluded.sectionId
            """, logger: logger)
    }

    /// An article's search entry, as `tsvector` literals.
    struct Entry {
        /// Each term with its position and weight (A headline, B tags and people, D body).
        /// Fields are kept apart by a gap in positions, so a phrase never matches across the
        /// end of one and the start of the next.
        var document: String
        /// Each pair of neighbouring words' touching terms ('예산 확대' for "예산 확대",
        /// '산을 확대' for "예산을 확대"), without positions. GIN keeps no positions, so a phrase
        /// of common words ("예산 확대") would otherwise have every article with both words read
        /// to find the few where they touch; the pair's own postings name those at once. Pairs
        /// within a word are left out: its terms nearly always come together anyway.
        var pairs: String
    }

    static func entry(headline: String, text: [String], tags: String, people: String) -> Entry {
        entry([(headline, "A"), (tags, "B"), (people, "B"), (text.joined(separator: "\n"), "D")])
    }

    /// Written as bytes from the runs' scalars: a String per term, and interpolation per
    /// entry, made building the entries a third of `byline import`'s own work on PostgreSQL,
    /// on the one task that writes.
    static func entry(_ fields: [(text: String, weight: Character)]) -> Entry {
        var document = EntryBytes(), pairs = EntryBytes()
        var pairBytes = 0
        var position = 1
        for (text, weight) in fields {
            let weight = weight.asciiValue ?? UInt8(ascii: "D")
            // The previous run's last term, escaped: with this run's first, a pair.
            var last: [UInt8]?
            for run in SearchTokenizer.runs(text) {
                let terms = run.termRanges
                for (index, range) in terms.enumerated() {
                    let scalars = run.scalars[range]
                    // A term PostgreSQL cannot hold is left out: no query could name it anyway
                    // (a query is at most `SearchQuery.maxLength` characters).
                    let fits = utf8Count(scalars) <= maxLexemeBytes
                    if index == 0, let previous = last, fits {
                        // Repeated pairs are left for PostgreSQL to merge, as it merges repeated terms.
                        let first = escapedCount(scalars)
                        if previous.count + 1 + first <= maxLexemeBytes {
                            pairs.separate()
                            pairs.byte(UInt8(ascii: "'"))
                            pairs.bytes += previous
                            pairs.byte(UInt8(ascii: " "))
                            pairs.escaped(scalars)
                            pairs.byte(UInt8(ascii: "'"))
                            pairBytes += previous.count + first + 8
                        }
                    }
                    if fits {
                        document.separate()
                        document.byte(UInt8(ascii: "'"))
                        document.escaped(scalars)
                        document.byte(UInt8(ascii: "'"))
                        document.byte(UInt8(ascii: ":"))
                        document.bytes += String(min(position, 16_383)).utf8
                        document.byte(weight)
                    }
                    if index == terms.count - 1 {
                        var escaped = EntryBytes()
                        if fits { escaped.escaped(scalars) }
                        last = fits ? escaped.bytes : nil
                    }
                    position += 1
                }
            }
            position += 10
        }
        // Pairs past a tsvector's megabyte: the article is taken to have every pair (`allPairs`).
        let pairsText = pairBytes > maxPairsBytes ? "'\(allPairs)'" : pairs.text
        return Entry(document: document.text, pairs: pairsText)
    }

    /// A `tsvector` literal being written.
    private struct EntryBytes {
        var bytes: [UInt8] = []

        var text: String { String(decoding: bytes, as: UTF8.self) }

        mutating func byte(_ byte: UInt8) { bytes.append(byte) }

        /// A space before every lexeme but the first.
        mutating func separate() {
            if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
        }

        /// A term inside quotes: `'` doubled and `\` escaped, as PostgreSQL reads them.
        mutating func escaped(_ scalars: ArraySlice<Unicode.Scalar>) {
            for scalar in scalars {
                if scalar == "'" || scalar == "\\" { bytes.append(UInt8(scalar.value)) }
                bytes.append(contentsOf: scalar.utf8)
            }
        }
    }

    private static func utf8Count(_ scalars: ArraySlice<Unicode.Scalar>) -> Int {
        scalars.reduce(0) { $0 + UTF8.width($1) }
    }

    private static func escapedCount(_ scalars: ArraySlice<Unicode.Scalar>) -> Int {
        scalars.reduce(0) { $0 + UTF8.width($1) + ($1 == "'" || $1 == "\\" ? 1 : 0) }
    }

    /// The longest lexeme PostgreSQL keeps, in bytes.
    static let maxLexemeBytes = 2_046
    /// Half a tsvector's limit: room for what the count leaves out.
    static let maxPairsBytes = 512 * 1_024
    /// The pairs of an article with too many to keep: a lexeme no pair can be (pairs hold a
    /// space, terms are lowercase), which every pairs query accepts.
    static let allPairs = "ALL"

    /// The pairs of the entries written before pairs were kept (about 20 s for 100,000 articles).
    /// Documents do not tell where a word ends, so these take every pair of neighbouring
    /// terms, of which the pairs between words are a part: a phrase finds the same articles.
    static let pairsFromPositions = """
        UPDATE articleSearch SET pairs = coalesce((
            SELECT CASE WHEN sum(octet_length(pair) + 8) > \(maxPairsBytes) THEN '\(allPairs)'::tsvector
                        ELSE array_to_tsvector(array_agg(pair)) END
            FROM (SELECT DISTINCT term || ' ' || next AS pair
                  FROM (SELECT term, position, lead(term) OVER (ORDER BY position) AS next,
                               lead(position) OVER (ORDER BY position) AS nextPosition
                        FROM unnest(document) AS lexeme(term, positions, weights), unnest(positions) AS position) AS terms
                  WHERE nextPosition = position + 1
                      AND octet_length(term) + 1 + octet_length(next) <= \(maxLexemeBytes)) AS pairs), '')
        """

    /// Two neighbouring terms as one lexeme: a space never occurs within a term.
    private static func pair(_ first: String, _ second: String) -> String { first + " " + second }

    /// A library picture's terms: caption, credit and by-line.
    static func libraryDocument(caption: String, credit: String, byline: String) -> String {
        entry([(caption, "A"), (credit, "B"), (byline, "B")]).document
    }

    /// Indexes the library pictures that have no terms yet: those added before the library
    /// was searchable. Every later write sets them.
    static func indexLibraryPhotos(_ connection: PostgresConnection, logger: Logger) async throws {
        let batch = 500
        var indexed = batch
        while indexed == batch {
            let rows = try await connection.rows("""
                SELECT id, caption, credit, byline FROM libraryPhoto WHERE search IS NULL ORDER BY id LIMIT \(batch)
                """, logger: logger)
            var ids: [Int64] = [], documents: [String] = []
            for row in rows {
                let (id, caption, credit, byline) = try row.decode((Int64, String, String, String).self)
                ids.append(id)
                documents.append(libraryDocument(caption: caption, credit: credit, byline: byline))
            }
            try await connection.run("""
                UPDATE libraryPhoto SET search = x.document::tsvector
                FROM unnest(\(ids)::bigint[], \(documents)::text[]) AS x(id, document) WHERE libraryPhoto.id = x.id
                """, logger: logger)
            indexed = rows.count
        }
    }

    /// A `tsquery` for a search: every clause must match (`&`); a clause of several terms is
    /// a phrase (`<->`, adjacent as in the text); a prefix clause's last term matches prefixes.
    static func query(_ query: SearchQuery) -> String {
        query.clauses.map(phrase).joined(separator: " & ")
    }

    /// One clause as a `tsquery` phrase.
    private static func phrase(_ clause: SearchQuery.Clause) -> String {
        let terms = clause.terms.map { "'\(escaped($0))'" }
        return "(" + terms.joined(separator: " <-> ") + (clause.isPrefix ? ":*" : "") + ")"
    }

    /// The same clauses with their terms anywhere, not side by side: what the GIN index
    /// answers alone, without reading documents.
    static func termsQuery(_ query: SearchQuery, joinedBy operator: String = " & ") -> String {
        query.clauses.flatMap { clause in
            clause.terms.enumerated().map { index, term in lexeme(term, prefix: clause.isPrefix && index == clause.terms.count - 1) }
        }.joined(separator: `operator`)
    }

    /// One term as a `tsquery` lexeme, matching terms it begins when `prefix`.
    private static func lexeme(_ term: String, prefix: Bool) -> String {
        "'\(escaped(term))'" + (prefix ? ":*" : "")
    }

    /// The query with its long words led by their first term: what a bitmap scan asks the GIN
    /// index for, each word being checked on the rows it names (`ts_match_vq`, which the
    /// planner does not send to the index). PostgreSQL estimates a phrase's matches as if its
    /// terms were unrelated, where a word's terms nearly always come together: 자전거 (자전,
    /// 전거) at 236 articles where 4,980 have it, 전통시장 at 13 where 5,000 have it. Trusting
    /// so few, the planner reads every match in the archive rather than intersect them with
    /// the range of ids wanted (자전거 in half the archive: 12.1 ms against 9.5; 전통시장: 19
    /// against 6). A phrase of two words of a term each is left as it is: its words are apart
    /// as often as not, and the word pairs' index narrows it (`pairsQuery`). Nil when no
    /// clause is led.
    static func leadQuery(_ query: SearchQuery) -> String? {
        var led = false
        let clauses = query.clauses.map { clause in
            let oneWord = !clause.text.contains(" ")
            guard clause.terms.count > 2 || (clause.terms.count == 2 && oneWord), let first = clause.terms.first else {
                return phrase(clause)
            }
            led = true
            return lexeme(first, prefix: false)
        }
        return led ? clauses.joined(separator: " & ") : nil
    }

    /// Any one of the query's terms: where none is, a ranking has nothing to weigh.
    static func anyTermQuery(_ query: SearchQuery) -> String {
        termsQuery(query, joinedBy: " | ")
    }

    /// A `tsquery` of the word pairs (`Entry.pairs`) the phrases need, or nil when they need none.
    static func pairsQuery(_ query: SearchQuery) -> String? {
        let pairs = query.clauses.flatMap { clause in
            let runs = SearchTokenizer.runs(clause.text)
            // A prefix clause's last term is a prefix of an indexed term, not one itself.
            let complete = clause.isPrefix ? runs.dropLast() : runs[...]
            return zip(complete, complete.dropFirst()).compactMap { first, second in
                first.terms.last.flatMap { last in second.terms.first.map { "'\(pair(escaped(last), escaped($0)))'" } }
            }
        }
        return pairs.isEmpty ? nil : "'\(allPairs)' | (" + pairs.joined(separator: " & ") + ")"
    }

    /// Terms hold letters, digits and CJK characters only; quotes and backslashes are
    /// escaped all the same, so no input can change the literal's structure.
    private static func escaped(_ term: String) -> String {
        guard term.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\\") }) else { return term }
        return term.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
    }
}
