import BylineCore
import Synchronization

/// The navigation and the footer every reader page shows, rendered once instead of on every
/// page: the footer when the site starts (it shows configuration alone), the sections'
/// navigation once per section tree and current section (`aria-current`), and again only
/// when the tree changes.
final class SiteChrome: Sendable {
    let footer: String
    private let templates: Templates
    private let navigation = Mutex<(sections: [Section], byCurrent: [SectionID?: String])>(([], [:]))

    init(templates: Templates, footer: FooterView) throws {
        self.templates = templates
        self.footer = try templates.render(footer, template: "site-footer")
    }

    /// The sections' entries of the main menu, `current` marked.
    func navigation(_ tree: SectionTree, current: SectionID?) -> String {
        if let kept = navigation.withLock({ $0.sections == tree.sections ? $0.byCurrent[current] : nil }) { return kept }
        let view = NavigationView(nav: tree.topLevel.compactMap { section in
            tree.path(of: section.id).map { LinkView(name: section.name, url: Links.section($0), isCurrent: section.id == current) }
        })
        // Templates are parsed when the site starts; this view names no partial that could be missing.
        let html = (try? templates.render(view, template: "site-navigation")) ?? ""
        navigation.withLock { kept in
            if kept.sections != tree.sections { kept = (tree.sections, [:]) }
            kept.byCurrent[current] = html
        }
        return html
    }
}

struct NavigationView: Sendable {
    let nav: [LinkView]
}

struct FooterView: Sendable {
    let siteName: String
    let masthead: Masthead
}
