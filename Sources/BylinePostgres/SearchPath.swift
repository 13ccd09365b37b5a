/// Which way a relevance search finds its candidates, the newest matches: walking back
/// from the newest article and testing each document, or reading the matches from the GIN
/// indexes, above a bound on the id when the newest articles tell where the candidates end.
///
/// Costs, measured on the 100,000-article corpus of scripts/generate-corpus, in
/// microseconds: the walk about 1 per document tested; the index about 0.2 per posting, 0.05
/// per id in the bound's range and 2.5 per row read (a bitmap heap scan reads a page of wide
/// rows for each), or 6.7 per row read when the word pairs' index is intersected as well (each
/// row's pairs are read back from TOAST to check them).
enum SearchPath: Equatable {
    case walk
    /// The GIN indexes, the matches limited to ids above `above` when there is one, and to
    /// articles with the query's word pairs when `pairs`.
    case index(above: Int64?, pairs: Bool)

    /// What the newest articles tell: how many were probed and the ids they span; how many of
    /// them the search wants (its words and every filter); how many a bitmap scan of the words'
    /// postings reads (the words anywhere, and the section, which the indexes intersect); how
    /// many have the words anywhere (the postings); and, for a query with word pairs, how many
    /// have its phrases (about what the pairs' postings name).
    struct Probe {
        var probed: Int
        var oldestID: Int64
        var newestID: Int64
        var wanted: Int
        var visited: Int
        var matching: Int
        var paired: Int?
    }

    /// How much further back than the probe's density says the bound is set: two standard
    /// errors of the density counted in the newest articles (a word in 100 of 1,000 sets it a
    /// fifth further back), at most half again. Every match above the bound is read, so room
    /// costs a few microseconds a match; too little room costs one more read (`boundBelow`).
    static func margin(wanted: Int) -> Double {
        min(1.5, 1 + 2 / Double(max(wanted, 1)).squareRoot())
    }

    /// Where the next read below `bound` ends, when the ranges read so far, `readIDs` ids
    /// down to `bound`, held `found` of the `candidates` wanted: as far back as their density
    /// says the rest lie, with a quarter more room, or the start of the archive (nil) when
    /// they held none or two reads have fallen short already.
    static func boundBelow(found: Int, candidates: Int, readIDs: Int64, bound: Int64, extensions: Int) -> Int64? {
        guard found > 0, extensions < 2 else { return nil }
        let window = Double(candidates - found) * Double(readIDs) / Double(found) * 1.25
        let next = Double(bound) - window.rounded(.up)
        return next > 0 ? Int64(next) : nil
    }

    /// Where a walk splits into two walked at once, and how many matches the older walk
    /// reads: the middle of the ids the candidates are expected to span, at the probe's
    /// density, and the rest of the candidates with the same room as a bound
    /// (`margin(wanted:)`). Nil, for one walk, when they are expected within twice as many
    /// ids as candidates (a few milliseconds at most), or the probe wanted none.
    ///
    /// The walk tests about one document a microsecond and a search otherwise keeps one of
    /// the machine's cores busy (서울: 6.6 ms for the newest 12,600 ids, against 2.2 and 3.0
    /// for the two halves).
    static func walkHalves(candidates: Int, _ probe: Probe) -> (middle: Int64, olderLimit: Int)? {
        guard probe.wanted > 0, probe.probed > 0, probe.newestID >= probe.oldestID else { return nil }
        let span = Double(probe.newestID - probe.oldestID + 1)
        let window = Double(candidates) * span / Double(probe.wanted)
        let middle = probe.newestID - Int64(window / 2)
        guard window >= 2 * Double(candidates), middle > 0 else { return nil }
        let olderLimit = (Double(candidates) / 2 * margin(wanted: probe.wanted)).rounded(.up)
        return (middle, min(candidates, Int(olderLimit)))
    }

    static func choose(candidates: Int, _ probe: Probe) -> SearchPath {
        guard probe.probed > 0, probe.newestID >= probe.oldestID else { return .index(above: nil, pairs: probe.paired != nil) }
        let span = Double(probe.newestID - probe.oldestID + 1), ids = Double(probe.newestID)
        /// The index's cost over the newest `window` ids, and whether the pairs lower it.
        func index(_ window: Double) -> (cost: Double, pairs: Bool) {
            let range = window < ids ? 0.05 * window * Double(probe.probed) / span : 0
            let plain = 0.2 * Double(probe.matching) / span * ids + range + 2.5 * Double(probe.visited) / span * window
            guard let paired = probe.paired else { return (plain, false) }
            let withPairs = range + 6.7 * Double(paired) / span * window
            return withPairs < plain ? (withPairs, true) : (plain, false)
        }
        // Nothing wanted among the newest: no estimate of where the candidates end.
        guard probe.wanted > 0 else { return .index(above: nil, pairs: index(ids).pairs) }
        let walked = Double(candidates) * Double(probe.probed) / Double(probe.wanted)
        let window = min(ids, Double(candidates) * span / Double(probe.wanted) * margin(wanted: probe.wanted))
        let (cost, pairs) = index(window)
        if walked < cost { return .walk }
        return .index(above: window < ids ? probe.newestID - Int64(window) : nil, pairs: pairs)
    }
}
