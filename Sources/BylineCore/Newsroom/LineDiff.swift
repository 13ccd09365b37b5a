/// A line-by-line comparison of two texts, for the revision history: which lines were
/// kept, removed or added, in reading order.
public enum LineDiff {
    public enum Change: Hashable, Sendable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Longest common subsequence over lines. Quadratic, so inputs are capped: an
    /// article is hundreds of lines, not tens of thousands.
    public static func compare(_ old: String, _ new: String, limit: Int = 3_000) -> [Change] {
        let a = Array(old.split(separator: "\n", omittingEmptySubsequences: false).prefix(limit).map(String.init))
        let b = Array(new.split(separator: "\n", omittingEmptySubsequences: false).prefix(limit).map(String.init))
        // lengths[i][j]: the longest common run of a[i...] and b[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var changes: [Change] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                changes.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                // Removals before additions, as diffs are read: the old line, then its replacement.
                changes.append(.removed(a[i]))
                i += 1
            } else {
                changes.append(.added(b[j]))
                j += 1
            }
        }
        return changes
    }
}

extension ArticleDocument {
    /// The article as labelled lines, the form in which revisions are compared.
    public var comparableText: String {
        var lines = [
            "제목: \(headline)",
            "부제: \(subheadlines.joined(separator: " / "))",
            "섹션: \(section)",
            "기자: \(authors.map(\.email).joined(separator: ", "))",
            "태그: \(tags.map(\.name).joined(separator: ", "))",
            "발신지: \(dateline ?? "")",
            "속보: \(isBreaking ? "예" : "아니오")",
        ]
        lines += photos.map { "사진: \($0.url) | \($0.caption) | \($0.credit) | \($0.alt)" }
        lines.append("본문:")
        lines.append(body)
        return lines.joined(separator: "\n")
    }
}
