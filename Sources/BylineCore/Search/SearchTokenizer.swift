import Foundation

/// Turns text into the terms Byline indexes and searches, the same way on every
/// storage backend.
///
/// Korean words carry particles and are spaced loosely (서울시는, 서울에서), so word
/// splitting misses them; and two-syllable words (서울, 독도) are too short for trigram
/// indexes. Following pg_bigm and Lucene's CJK bigram filter, runs of Hangul and other
/// CJK characters become overlapping two-character terms (서울시는 → 서울 울시 시는),
/// a lone character stays one term, and runs of Latin letters and digits become words
/// (5g, kbo). Text is NFC-normalised and lowercased first, so decomposed input and
/// `KBO`/`kbo` meet the same terms.
public enum SearchTokenizer {
    /// The terms of a text, in order, for the index.
    public static func terms(_ text: String) -> [String] {
        runs(text).flatMap(\.terms)
    }

    /// A run of characters of one kind, in effect a word. After NFC every Hangul syllable is
    /// one scalar, so runs are built from scalars, which is much cheaper than grapheme clusters.
    public struct Run {
        public let scalars: [Unicode.Scalar]
        let isCJK: Bool

        var text: String { String(String.UnicodeScalarView(scalars)) }

        /// The run's terms, in order: its bigrams, or the run itself.
        public var terms: [String] {
            termRanges.map { String(String.UnicodeScalarView(scalars[$0])) }
        }

        /// Where each of `terms` lies in `scalars`, for building text from them without a
        /// String per term.
        public var termRanges: [Range<Int>] {
            guard isCJK, scalars.count > 1 else { return [0..<scalars.count] }
            return (0..<(scalars.count - 1)).map { $0..<($0 + 2) }
        }
    }

    /// The runs of a text, normalised, in order; their terms in turn are `terms(text)`.
    public static func runs(_ text: String) -> [Run] {
        var runs: [Run] = []
        var current: [Unicode.Scalar] = []
        var currentIsCJK = false
        func close() {
            if !current.isEmpty { runs.append(Run(scalars: current, isCJK: currentIsCJK)) }
            current = []
        }
        func add(_ scalar: Unicode.Scalar) {
            switch kind(of: scalar) {
            case .cjk:
                if !currentIsCJK { close() }
                currentIsCJK = true
                current.append(scalar)
            case .word:
                if currentIsCJK { close() }
                currentIsCJK = false
                current.append(scalar)
            case .mark:
                // A combining mark belongs to the letter before it.
                if !current.isEmpty { current.append(scalar) }
            case .separator:
                close()
            }
        }
        // Lowercased scalar by scalar, as `normalize` does for the whole text: ASCII and the
        // caseless Hangul and CJK ranges need no lookup of Unicode properties, which
        // `String.lowercased()` made for every syllable of every article body.
        for scalar in (isSurelyNFC(text) ? text : text.precomposedStringWithCanonicalMapping).unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: add(Unicode.Scalar(UInt8(scalar.value) + 0x20))
            case 0...0x7F, 0xAC00...0xD7A3, 0x3000...0x9FFF: add(scalar)
            default: for lowered in scalar.properties.lowercaseMapping.unicodeScalars { add(lowered) }
            }
        }
        close()
        return runs
    }

    /// NFC and lowercase: the one normal form for index and query (`runs` applies it as it goes).
    public static func normalize(_ text: String) -> String {
        // Most news text is already NFC (ASCII, Latin-1, precomposed Hangul, common CJK and
        // punctuation); normalising it anyway was a tenth of an import's time.
        (isSurelyNFC(text) ? text : text.precomposedStringWithCanonicalMapping).lowercased()
    }

    /// Whether every scalar is one that NFC leaves as it is and that never combines with
    /// its neighbour: then the text is in NFC already. `false` only means "not sure".
    static func isSurelyNFC(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0...0x2FF,  // before the combining diacritical marks
                 0x2010...0x2027, 0x2030...0x205E,  // general punctuation
                 0x3000...0x303F,  // CJK symbols and punctuation
                 0xAC00...0xD7A3,  // precomposed Hangul syllables
                 0x4E00...0x9FFF:  // CJK unified ideographs (not the compatibility ones)
                true
            default:
                false
            }
        }
    }

    enum Kind { case cjk, word, mark, separator }

    static func kind(of scalar: Unicode.Scalar) -> Kind {
        switch scalar.value {
        case 0x30...0x39, 0x61...0x7A:  // the common case first: ASCII digits and (lowercased) letters
            return .word
        case 0...0x7F:
            return .separator
        case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F,  // Hangul syllables and jamo
             0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF,  // CJK ideographs
             0x3040...0x30FF:                                    // Hiragana and Katakana
            return .cjk
        default:
            let properties = scalar.properties
            if properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark { return .mark }
            return properties.isAlphabetic || properties.numericType != nil ? .word : .separator
        }
    }
}
