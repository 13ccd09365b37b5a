import BylineCore
import BylineMarkup

/// One live entry as HTML: the page's list item and what a stream sends, the same bytes, so
/// that a script only places it (new on top, a corrected or pinned one in place).
enum LiveEntryHTML {
    /// `anchored`: the entry in the running list, which a link can point to (`#live-12`);
    /// the copy among the pinned key events has no id of its own.
    static func item(_ entry: LiveEntry, anchored: Bool = true) -> String {
        var html = "<li class=\"live-entry live-\(entry.kind.rawValue)\(entry.isPinned ? " pinned" : "")\" data-entry=\"\(entry.id)\""
        html += anchored ? " id=\"live-\(entry.id)\">" : ">"
        html += "<p class=\"live-meta\"><time datetime=\"\(KoreanTime.iso8601(entry.postedAt))\">\(KoreanTime.clock(entry.postedAt))</time>"
        if entry.isPinned { html += " <span class=\"live-key\">핵심</span>" }
        if entry.correctedAt != nil { html += " <span class=\"live-corrected\">정정</span>" }
        html += " <span class=\"live-author\">\(escapeHTML(entry.author))</span></p>"
        let paragraphs = entry.body.split(separator: "\n", omittingEmptySubsequences: true)
            .map { "<p>\(escapeHTML(String($0)))</p>" }.joined()
        switch entry.kind {
        case .text:
            html += "<div class=\"live-body\">\(paragraphs)</div>"
        case .quote:
            html += "<blockquote class=\"live-body\">\(paragraphs)<footer>— \(escapeHTML(entry.source ?? ""))</footer></blockquote>"
        case .photo:
            html += "<figure class=\"live-body\"><img src=\"\(escapeHTML(entry.photoURL ?? ""))\" alt=\"\(escapeHTML(entry.body))\" loading=\"lazy\">"
            html += "<figcaption>\(escapeHTML(entry.body))</figcaption></figure>"
        }
        return html + "</li>"
    }
}
