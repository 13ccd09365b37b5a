import BylineCore
import Foundation

/// `/admin/ingest`: the 수신 queue, most recently changed first.
struct IngestQueuePage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let notice: String?
    /// The source filter: every source, and 전체.
    let choices: [OptionView]
    let rows: [IncomingRowView]
    let previous: String?
    let next: String?
}

struct IncomingRowView: Sendable {
    let url: String
    let headline: String
    let source: String
    let version: Int
    let format: String
    let created: String
    let updated: String
    /// 새 항목, 기사로 씀, 출처가 거둬들임.
    let status: String
    let editURL: String?

    init(_ item: IncomingItem, sources: [WireSourceID: String]) {
        url = "/admin/ingest/\(item.id)"
        headline = item.content.headline
        source = sources[item.source] ?? "?"
        version = item.version
        format = Self.label(item.content.format)
        created = KoreanTime.listStamp(item.receivedAt)
        updated = KoreanTime.listStamp(item.updatedAt)
        status = item.content.isWithdrawn ? "출처가 거둬들임" : item.article != nil ? "기사로 씀" : "새 항목"
        editURL = item.article.map { "/admin/articles/\($0)" }
    }

    static func label(_ format: IncomingFormat) -> String {
        switch format {
        case .ninjs: "ninjs"
        case .newsml: "NewsML-G2"
        case .rss: "RSS"
        case .atom: "Atom"
        }
    }
}

/// `/admin/ingest/{id}`: one item as the source sent it, and the form that writes it up.
struct IncomingItemPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let errors: [String: String]
    let incoming: IncomingDetailView
    let sections: [OptionView]
}

struct IncomingDetailView: Sendable {
    let id: Int64
    let headline: String
    let summary: String?
    let byline: String?
    let dateline: String?
    let source: String
    let version: Int
    let format: String
    let created: String
    let updated: String
    let sent: String?
    let embargoUntil: String?
    let url: String?
    /// Sanitised when received.
    let html: String
    let photos: [IncomingPhotoView]
    let withdrawn: Bool
    let editURL: String?

    init(_ item: IncomingItem, source: String) {
        let content = item.content
        id = item.id.rawValue
        headline = content.headline
        summary = content.subheadline.isEmpty ? nil : content.subheadline
        byline = content.byline.isEmpty ? nil : content.byline
        dateline = content.dateline.isEmpty ? nil : content.dateline
        self.source = source
        version = item.version
        format = IncomingRowView.label(content.format)
        created = KoreanTime.listStamp(item.receivedAt)
        updated = KoreanTime.listStamp(item.updatedAt)
        sent = content.sentAt.map(KoreanTime.listStamp)
        embargoUntil = content.embargoUntil.map(KoreanTime.listStamp)
        url = content.link.isEmpty ? nil : content.link
        html = content.bodyHTML
        photos = content.photos.map { IncomingPhotoView(url: $0.url, caption: $0.caption, credit: $0.credit) }
        withdrawn = content.isWithdrawn
        editURL = item.article.map { "/admin/articles/\($0)" }
    }
}

/// A photo the item refers to: its address only, since the newsroom's pages load nothing
/// from partners' servers.
struct IncomingPhotoView: Sendable {
    let url: String
    let caption: String
    let credit: String
}

/// `/admin/sources`: the partners whose items arrive, for admins.
struct SourcesPage: Sendable {
    /// A new (or rotated) key, shown on this answer only.
    struct Credentials: Sendable {
        let name: String
        let key: String
    }

    let layout: LayoutView
    let user: UserBar
    let notice: String?
    let errors: [String: String]
    let credentials: Credentials?
    let rows: [SourceRowView]
}

struct SourceRowView: Sendable {
    let id: Int64
    let name: String
    let feed: String?
    let created: String
    let revoked: String?
    let polled: String?
    let pollError: String?
    let url: String

    init(_ source: WireSource) {
        id = source.id.rawValue
        name = source.name
        feed = source.feedURL
        created = KoreanTime.listStamp(source.createdAt)
        revoked = source.revokedAt.map(KoreanTime.listStamp)
        polled = source.polledAt.map(KoreanTime.listStamp)
        pollError = source.pollError
        url = "/admin/ingest?source=\(source.id)"
    }
}

extension IngestQueuePage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .notice: .of(notice)
        case .choices: .of(choices)
        case .rows: .of(rows)
        case .previous: .of(previous)
        case .next: .of(next)
        default: nil
        }
    }
}

extension IncomingRowView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .url: .of(url)
        case .headline: .of(headline)
        case .source: .of(source)
        case .version: .of(version)
        case .format: .of(format)
        case .created: .of(created)
        case .updated: .of(updated)
        case .status: .of(status)
        case .editURL: .of(editURL)
        default: nil
        }
    }
}

extension IncomingItemPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .errors: .of(errors)
        case .incoming: .of(incoming)
        case .sections: .of(sections)
        default: nil
        }
    }
}

extension IncomingDetailView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .id: .of(id)
        case .headline: .of(headline)
        case .summary: .of(summary)
        case .byline: .of(byline)
        case .dateline: .of(dateline)
        case .source: .of(source)
        case .version: .of(version)
        case .format: .of(format)
        case .created: .of(created)
        case .updated: .of(updated)
        case .sent: .of(sent)
        case .embargoUntil: .of(embargoUntil)
        case .url: .of(url)
        case .html: .of(html)
        case .photos: .of(photos)
        case .withdrawn: .of(withdrawn)
        case .editURL: .of(editURL)
        default: nil
        }
    }
}

extension IncomingPhotoView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .url: .of(url)
        case .caption: .of(caption)
        case .credit: .of(credit)
        default: nil
        }
    }
}

extension SourcesPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .notice: .of(notice)
        case .errors: .of(errors)
        case .credentials: .of(credentials)
        case .rows: .of(rows)
        default: nil
        }
    }
}

extension SourcesPage.Credentials: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .name: .of(name)
        case .value: .of(key)
        default: nil
        }
    }
}

extension SourceRowView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .id: .of(id)
        case .name: .of(name)
        case .feed: .of(feed)
        case .created: .of(created)
        case .revoked: .of(revoked)
        case .polled: .of(polled)
        case .pollError: .of(pollError)
        case .url: .of(url)
        default: nil
        }
    }
}
