/// Parses a database id from untrusted text such as a URL path segment.
///
/// Only plain ASCII digits are accepted, without sign or leading zeros, and the
/// value must fit a positive `Int64`; anything else is a reader's typo, not an id.
func parsePositiveID(_ text: some StringProtocol) -> Int64? {
    let utf8 = text.utf8
    guard (1...18).contains(utf8.count), utf8.first != UInt8(ascii: "0") else { return nil }
    var value: Int64 = 0
    for byte in utf8 {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        value = value * 10 + Int64(byte - UInt8(ascii: "0"))
    }
    return value
}

/// Identifies a published or draft article.
public struct ArticleID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Reads an id from a URL segment; `nil` for anything but a positive decimal number.
    public init?(_ text: some StringProtocol) {
        guard let value = parsePositiveID(text) else { return nil }
        self.rawValue = value
    }
    public var description: String { String(rawValue) }
}

/// Identifies a reporter (an author of articles and photos).
public struct ReporterID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Reads an id from a URL segment; `nil` for anything but a positive decimal number.
    public init?(_ text: some StringProtocol) {
        guard let value = parsePositiveID(text) else { return nil }
        self.rawValue = value
    }
    public var description: String { String(rawValue) }
}

/// Identifies a section of the site.
public struct SectionID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
}

/// Identifies a picture in the newsroom's photo library.
public struct LibraryPhotoID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Reads an id from a URL segment; `nil` for anything but a positive decimal number.
    public init?(_ text: some StringProtocol) {
        guard let value = parsePositiveID(text) else { return nil }
        self.rawValue = value
    }
    public var description: String { String(rawValue) }
}
