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

    /// A run of characters of one kind.
    struct Run {
        let characters: [Character]
        let isCJK: Bool

        var terms: [String] {
            guard isCJK, characters.count > 1 else { return [String(characters)] }
            return (0..<(characters.count - 1)).map { String(characters[$0...$0 + 1]) }
        }
    }

    static func runs(_ text: String) -> [Run] {
        var runs: [Run] = []
        var current: [Character] = []
        var currentIsCJK = false
        func close() {
            if !current.isEmpty { runs.append(Run(characters: current, isCJK: currentIsCJK)) }
            current = []
        }
        for character in normalize(text) {
            switch kind(of: character) {
            case .cjk:
                if !currentIsCJK { close() }
                currentIsCJK = true
                current.append(character)
            case .word:
                if currentIsCJK { close() }
                currentIsCJK = false
                current.append(character)
            case .separator:
                close()
            }
        }
        close()
        return runs
    }

    /// NFC and lowercase: the one normal form for index and query.
    public static func normalize(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.lowercased()
    }

    enum Kind { case cjk, word, separator }

    static func kind(of character: Character) -> Kind {
        guard let scalar = character.unicodeScalars.first else { return .separator }
        switch scalar.value {
        case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F,  // Hangul syllables and jamo
             0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF,  // CJK ideographs
             0x3040...0x30FF:                                    // Hiragana and Katakana
            return .cjk
        default:
            let properties = scalar.properties
            return properties.isAlphabetic || properties.numericType != nil ? .word : .separator
        }
    }
}
