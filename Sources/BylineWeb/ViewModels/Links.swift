import BylineCore

/// Every reader URL the site prints, built in one place.
enum Links {
    static func article(_ id: ArticleID) -> String { "/news/\(id)" }
    /// A library picture in the newsroom: its current rendition, or a placeholder while it is made.
    static func libraryImage(_ id: LibraryPhotoID) -> String { "/admin/photos/\(id)/image" }
    static func section(_ path: SectionPath) -> String { "/section/\(path)" }
    static func tag(_ tag: Tag) -> String { "/tags/\(percentEncode(tag.name))" }
    static func reporter(_ id: ReporterID) -> String { "/reporters/\(id)" }
    static func day(_ day: KoreanDay) -> String { "/all?date=\(day)" }
    static func popular(_ window: PopularWindow) -> String { "/popular?window=\(window.rawValue)" }

    /// The 더보기 link: the same list, after `cursor`.
    static func more(_ path: String, cursor: PageCursor?) -> String? {
        guard let cursor else { return nil }
        return path + (path.contains("?") ? "&" : "?") + "cursor=\(cursor.token)"
    }
}
