/// A topic label such as 반도체 or 프로야구, with its own page at `/tags/{tag}`.
public struct Tag: Hashable, Sendable {
    public let name: String

    /// Normalises a tag as an editor or a URL gives it; `nil` when nothing usable is left.
    ///
    /// Tags are shown and linked by name, so control characters, slashes (which would
    /// break the URL) and very long names are refused rather than stored.
    public init?(_ raw: String) {
        let name = raw.trimmingWhitespace()
        guard (1...40).contains(name.count),
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "/" || $0 == "\u{FFFD}" })
        else { return nil }
        self.name = name
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
