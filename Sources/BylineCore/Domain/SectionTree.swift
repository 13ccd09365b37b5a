/// All sections arranged as the navigation shows them, answering the questions
/// pages ask: which section a path names, its breadcrumb, its subsections.
public struct SectionTree: Sendable {
    public let sections: [Section]
    private let byID: [SectionID: Section]
    private let childrenByParent: [SectionID?: [Section]]
    private let byPath: [SectionPath: Section]

    public init(_ sections: [Section]) {
        self.sections = sections
        var byID: [SectionID: Section] = [:]
        for section in sections { byID[section.id] = section }
        self.byID = byID
        self.childrenByParent = Dictionary(grouping: sections, by: \.parentID)
            .mapValues { $0.sorted { ($0.position, $0.id.rawValue) < ($1.position, $1.id.rawValue) } }
        var byPath: [SectionPath: Section] = [:]
        for section in sections {
            if let path = SectionTree.path(of: section, in: byID) { byPath[path] = section }
        }
        self.byPath = byPath
    }

    /// Top-level sections in navigation order.
    public var topLevel: [Section] { childrenByParent[nil] ?? [] }

    public func section(_ id: SectionID) -> Section? { byID[id] }

    public func section(at path: SectionPath) -> Section? { byPath[path] }

    public func children(of id: SectionID) -> [Section] { childrenByParent[id] ?? [] }

    /// Every section with its depth, each before its children, in navigation order: the
    /// order of a nested list or an indented menu.
    public var depthFirst: [(section: Section, depth: Int)] {
        var result: [(section: Section, depth: Int)] = []
        func visit(_ section: Section, depth: Int) {
            result.append((section, depth))
            for child in children(of: section.id) { visit(child, depth: depth + 1) }
        }
        for section in topLevel { visit(section, depth: 0) }
        return result
    }

    /// The section and every section below it, for listing a section's articles.
    public func subtree(of id: SectionID) -> [SectionID] {
        var result = [id]
        var index = 0
        while index < result.count {
            result += children(of: result[index]).map(\.id)
            index += 1
        }
        return result
    }

    /// Sections from the top down to `id`, for the breadcrumb 사회 > 서울시.
    public func lineage(of id: SectionID) -> [Section] {
        var chain: [Section] = []
        var current = byID[id]
        while let section = current, chain.count < 16 {
            chain.insert(section, at: 0)
            current = section.parentID.flatMap { byID[$0] }
        }
        return chain
    }

    public func path(of id: SectionID) -> SectionPath? {
        byID[id].flatMap { SectionTree.path(of: $0, in: byID) }
    }

    /// The top-level section that contains `id`.
    public func root(of id: SectionID) -> Section? { lineage(of: id).first }

    /// Why section `id` cannot move under `parent`, or `nil` when it can: the parent must
    /// exist, and no section goes under itself or one of its own subsections (a cycle).
    public func refusal(moving id: SectionID, under parent: SectionID) -> StorageRefusal? {
        guard section(parent) != nil else { return .unknownParent(nil) }
        guard !subtree(of: id).contains(parent) else { return .sectionUnderItself }
        return nil
    }

    private static func path(of section: Section, in byID: [SectionID: Section]) -> SectionPath? {
        var slugs = [section.slug]
        var parent = section.parentID
        // A cycle cannot be stored (parents are created first), but a bound keeps a bad row harmless.
        while let id = parent, slugs.count < 16 {
            guard let next = byID[id] else { return nil }
            slugs.insert(next.slug, at: 0)
            parent = next.parentID
        }
        return SectionPath(slugs: slugs)
    }
}
