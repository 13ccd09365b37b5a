import BylineCore
import Foundation

/// An article as a client sends it: the import format's fields, and for a save the version
/// it read and the embargo. `sent` names the keys present, so that a PATCH changes only those.
struct ArticleRequest: Decodable {
    let article: ArticleJSON
    let version: Int?
    let embargoUntil: String?
    let sent: Set<String>

    enum CodingKeys: String, CodingKey {
        case version
        case embargoUntil = "embargo_until"
    }

    init(from decoder: any Decoder) throws {
        article = try ArticleJSON(from: decoder)
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        version = try fields.decodeIfPresent(Int.self, forKey: .version)
        embargoUntil = try fields.decodeIfPresent(String.self, forKey: .embargoUntil)
        sent = try JSONKeys(from: decoder).names
    }
}

/// What a workflow step's body may carry.
struct StepRequest: Decodable {
    let comment: String?
    let text: String?
    let scheduledAt: String?
    let reason: String?

    enum CodingKeys: String, CodingKey {
        case comment, text, reason
        case scheduledAt = "scheduled_at"
    }
}

/// An article in the newsroom, as the Admin API answers it: the import format's fields and
/// the workflow's (`embargo_until` and `return_note` are null when unset, never missing).
struct DraftBody: Encodable {
    struct Correction: Encodable {
        let text: String
        let at: String
        let editor: String
    }

    let article: ArticleJSON
    let id: Int64
    let url: String
    let status: String
    let version: Int
    let embargoUntil: String?
    let updatedAt: String
    let returnNote: String?
    let corrections: [Correction]
    /// The story's versions (every state), `null` when it stands alone.
    let chain: APIChain?

    enum CodingKeys: String, CodingKey {
        case id, url, status, version, corrections, chain
        case embargoUntil = "embargo_until"
        case updatedAt = "updated_at"
        case returnNote = "return_note"
    }

    func encode(to encoder: any Encoder) throws {
        try article.encode(to: encoder)
        var fields = encoder.container(keyedBy: CodingKeys.self)
        try fields.encode(id, forKey: .id)
        try fields.encode(url, forKey: .url)
        try fields.encode(status, forKey: .status)
        try fields.encode(version, forKey: .version)
        try fields.encode(embargoUntil, forKey: .embargoUntil)
        try fields.encode(updatedAt, forKey: .updatedAt)
        try fields.encode(returnNote, forKey: .returnNote)
        try fields.encode(corrections, forKey: .corrections)
        try fields.encode(chain, forKey: .chain)
    }
}

/// One page of the newsroom's articles; `next_cursor` and `next` are null on the last page.
struct DraftList: Encodable {
    struct Item: Encodable {
        let id: Int64
        let url: String
        let headline: String
        let status: String
        let authors: [String]
        let updatedAt: String
        let section: String?
        let publishedAt: String?

        enum CodingKeys: String, CodingKey {
            case id, url, headline, status, authors, section
            case updatedAt = "updated_at"
            case publishedAt = "published_at"
        }
    }

    let articles: [Item]
    let nextCursor: String?
    let next: String?

    enum CodingKeys: String, CodingKey {
        case articles, next
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: CodingKeys.self)
        try fields.encode(articles, forKey: .articles)
        try fields.encode(nextCursor, forKey: .nextCursor)
        try fields.encode(next, forKey: .next)
    }
}

/// A live entry as the Admin API takes it.
struct LiveEntryRequest: Decodable {
    let kind: String?
    let body: String?
    let source: String?
    let photoURL: String?
    let pinned: Bool?

    enum CodingKeys: String, CodingKey {
        case kind, body, source, pinned
        case photoURL = "photo_url"
    }
}

/// A posted live entry as the Admin API answers it.
struct LiveEntryBody: Encodable {
    let id: Int64
    let kind: String
    let body: String
    let source: String?
    let photoURL: String?
    let pinned: Bool
    let postedAt: String
    let sequence: Int64

    init(_ entry: LiveEntry) {
        id = entry.id
        kind = entry.kind.rawValue
        body = entry.body
        source = entry.source
        photoURL = entry.photoURL
        pinned = entry.isPinned
        postedAt = KoreanTime.iso8601(entry.postedAt)
        sequence = entry.sequence
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, body, source, pinned, sequence
        case photoURL = "photo_url"
        case postedAt = "posted_at"
    }
}
