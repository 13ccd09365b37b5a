/// A section of the site. Sections nest: 사회 > 서울시 is the section `seoul`
/// whose parent is `society`, reached at `/section/society/seoul`.
public struct Section: Hashable, Sendable {
    public var id: SectionID
    /// The section's own URL segment, unique among its siblings.
    public var slug: String
    public var name: String
    public var parentID: SectionID?
    /// Order among siblings in the navigation.
    public var position: Int

    public init(id: SectionID, slug: String, name: String, parentID: SectionID?, position: Int) {
        self.id = id
        self.slug = slug
        self.name = name
        self.parentID = parentID
        self.position = position
    }
}

/// A section's slugs from the top of the tree, `society/seoul`.
public struct SectionPath: Hashable, Sendable, CustomStringConvertible {
    public let slugs: [String]

    public init(slugs: [String]) {
        self.slugs = slugs
    }

    /// Parses `society/seoul`; `nil` when a segment is empty or not a valid slug.
    public init?(_ text: String) {
        let slugs = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !slugs.isEmpty, slugs.allSatisfy(SectionPath.isValidSlug) else { return nil }
        self.slugs = slugs
    }

    public var description: String { slugs.joined(separator: "/") }

    /// Slugs are lowercase ASCII letters, digits and hyphens: they appear in URLs unencoded.
    public static func isValidSlug(_ slug: String) -> Bool {
        guard (1...40).contains(slug.utf8.count) else { return false }
        return slug.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }
}
