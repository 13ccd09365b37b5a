import BylineCore
import BylineMarkup
import Foundation
import PostgresNIO

extension ArticleFields {
    /// The article row an imported document makes: published when it has a time, else a draft.
    init(imported document: ArticleDocument, sectionID: Int64, now: Date) {
        let publishedAt = document.publishedAt?.milliseconds
        self.init(
            headline: document.headline, subheadlines: document.subheadlines, body: document.body,
            summary: NewArticle.summary(fromMarkdown: document.body), sectionId: sectionID, dateline: document.dateline,
            isBreaking: document.isBreaking, status: publishedAt == nil ? "draft" : "published", publishedAt: publishedAt,
            createdAt: now.milliseconds, updatedAt: publishedAt ?? now.milliseconds, externalId: document.externalID,
            grade: document.grade.rawValue, kind: document.kind.rawValue, renderedBody: document.renderedBody)
    }
}

/// An imported article's authors, tags and photos, as ids and column arrays.
struct ArticleLinks {
    struct PhotoValues {
        var url: String
        var caption: String
        var alt: String
        var photographerID: Int64?
        var credit: String
        var width: Int?
        var height: Int?
    }

    /// Each reporter once, at the position of their first mention (SQLite ignores the repeats).
    var authorIDs: [Int64] = []
    var authorPositions: [Int64] = []
    var tagIDs: [Int64] = []
    var photos: [PhotoValues] = []
    var takenAt: Int64

    init(_ document: ArticleDocument, reporterIDs: [String: Int64], tagIDs: [String: Int64], takenAt: Int64) {
        self.takenAt = takenAt
        var seen = Set<Int64>()
        for (position, author) in document.authors.enumerated() {
            guard let id = reporterIDs[author.email.lowercased()], seen.insert(id).inserted else { continue }
            authorIDs.append(id)
            authorPositions.append(Int64(position))
        }
        self.tagIDs = Array(Set(document.tags.compactMap { tagIDs[$0.name] }))
        photos = document.photos.map { photo in
            PhotoValues(
                url: photo.url, caption: photo.caption, alt: photo.alt,
                photographerID: photo.photographer.flatMap { reporterIDs[$0.email.lowercased()] },
                credit: photo.credit, width: photo.width, height: photo.height)
        }
    }
}

/// New articles saved together: every column of every row as one array, unnested side by
/// side, so a chunk of hundreds costs one statement.
struct ArticleChunk {
    var headlines: [String] = [], subheadlines: [String] = [], bodies: [String] = [], bodyHTML: [String] = [], summaries: [String] = []
    var sectionIDs: [Int64] = [], datelines: [String] = [], hasDateline: [Bool] = [], isBreaking: [Bool] = []
    var statuses: [String] = [], publishedAt: [Int64] = [], hasPublishedAt: [Bool] = []
    var createdAt: [Int64] = [], updatedAt: [Int64] = []
    var externalIDs: [String] = [], hasExternalID: [Bool] = [], grades: [String] = [], kinds: [String] = []
    var searchDocuments: [String] = [], searchPairs: [String] = []
    /// Link rows name their article by its index in the chunk until ids are known.
    var authorArticles: [Int] = [], authorIDs: [Int64] = [], authorPositions: [Int64] = []
    var tagArticles: [Int] = [], tagIDs: [Int64] = []
    var photoArticles: [Int] = [], photoPositions: [Int64] = [], photos: [ArticleLinks.PhotoValues] = []
    var photoTakenAt: [Int64] = []

    mutating func append(_ fields: ArticleFields, links: ArticleLinks, search: SearchIndex.Entry) {
        let index = headlines.count
        headlines.append(fields.headline)
        // Arrays of arrays must be rectangular in PostgreSQL: each article's list travels as JSON.
        subheadlines.append(Self.json(fields.subheadlines))
        bodies.append(fields.body)
        bodyHTML.append(fields.bodyHtml)
        summaries.append(fields.summary)
        sectionIDs.append(fields.sectionId)
        datelines.append(fields.dateline ?? "")
        hasDateline.append(fields.dateline != nil)
        isBreaking.append(fields.isBreaking)
        statuses.append(fields.status)
        publishedAt.append(fields.publishedAt ?? 0)
        hasPublishedAt.append(fields.publishedAt != nil)
        createdAt.append(fields.createdAt)
        updatedAt.append(fields.updatedAt)
        externalIDs.append(fields.externalId ?? "")
        hasExternalID.append(fields.externalId != nil)
        grades.append(fields.grade)
        kinds.append(fields.kind)
        searchDocuments.append(search.document)
        searchPairs.append(search.pairs)
        authorArticles += Array(repeating: index, count: links.authorIDs.count)
        authorIDs += links.authorIDs
        authorPositions += links.authorPositions
        tagArticles += Array(repeating: index, count: links.tagIDs.count)
        tagIDs += links.tagIDs
        photoArticles += Array(repeating: index, count: links.photos.count)
        photoPositions += links.photos.indices.map(Int64.init)
        photos += links.photos
        photoTakenAt += Array(repeating: links.takenAt, count: links.photos.count)
    }

    static func json(_ strings: [String]) -> String {
        guard let data = try? JSONEncoder().encode(strings) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    func insertQuery(ids: [Int64]) -> PostgresQuery {
        let authorArticleIDs = authorArticles.map { ids[$0] }
        let tagArticleIDs = tagArticles.map { ids[$0] }
        let photoArticleIDs = photoArticles.map { ids[$0] }
        return """
            WITH a AS (
                INSERT INTO article (id, headline, subheadlines, body, summary, sectionId, dateline, isBreaking, status,
                                     publishedAt, createdAt, updatedAt, externalId, grade, kind, bodyHtml, bodyHtmlVersion)
                SELECT x.id, x.headline, ARRAY(SELECT jsonb_array_elements_text(x.subheadlines::jsonb)), x.body, x.summary,
                       x.sectionId, CASE WHEN x.hasDateline THEN x.dateline END, x.isBreaking, x.status,
                       CASE WHEN x.hasPublishedAt THEN x.publishedAt END, x.createdAt, x.updatedAt,
                       CASE WHEN x.hasExternalId THEN x.externalId END, x.grade, x.kind, x.bodyHtml, \(BodyHTML.rendererVersion)
                FROM unnest(\(ids)::bigint[], \(headlines)::text[], \(subheadlines)::text[], \(bodies)::text[],
                            \(summaries)::text[], \(sectionIDs)::bigint[], \(datelines)::text[], \(hasDateline)::boolean[],
                            \(isBreaking)::boolean[], \(statuses)::text[], \(publishedAt)::bigint[], \(hasPublishedAt)::boolean[],
                            \(createdAt)::bigint[], \(updatedAt)::bigint[], \(externalIDs)::text[], \(hasExternalID)::boolean[],
                            \(grades)::text[], \(kinds)::text[], \(bodyHTML)::text[])
                    AS x(id, headline, subheadlines, body, summary, sectionId, dateline, hasDateline, isBreaking, status,
                         publishedAt, hasPublishedAt, createdAt, updatedAt, externalId, hasExternalId, grade, kind, bodyHtml)
                ORDER BY x.id
                RETURNING id, status, publishedAt, sectionId),
            authors AS (
                INSERT INTO articleAuthor (articleId, reporterId, position)
                SELECT * FROM unnest(\(authorArticleIDs)::bigint[], \(authorIDs)::bigint[], \(authorPositions)::bigint[])
                ON CONFLICT DO NOTHING),
            tags AS (
                INSERT INTO articleTag (articleId, tagId, publicAt)
                SELECT t.articleId, t.tagId, CASE WHEN a.status = 'published' THEN a.publishedAt END
                FROM unnest(\(tagArticleIDs)::bigint[], \(tagIDs)::bigint[]) AS t(articleId, tagId) JOIN a ON a.id = t.articleId),
            photos AS (
                INSERT INTO photo (articleId, position, url, caption, alt, photographerId, credit, takenAt, width, height)
                SELECT x.articleId, x.position, x.url, x.caption, x.alt, CASE WHEN x.hasPhotographer THEN x.photographerId END,
                       x.credit, x.takenAt, CASE WHEN x.hasWidth THEN x.width END, CASE WHEN x.hasHeight THEN x.height END
                FROM unnest(\(photoArticleIDs)::bigint[], \(photoPositions)::bigint[], \(photos.map(\.url))::text[],
                            \(photos.map(\.caption))::text[], \(photos.map(\.alt))::text[],
                            \(photos.map { $0.photographerID ?? 0 })::bigint[], \(photos.map { $0.photographerID != nil })::boolean[],
                            \(photos.map(\.credit))::text[], \(photoTakenAt)::bigint[],
                            \(photos.map { Int64($0.width ?? 0) })::bigint[], \(photos.map { $0.width != nil })::boolean[],
                            \(photos.map { Int64($0.height ?? 0) })::bigint[], \(photos.map { $0.height != nil })::boolean[])
                    AS x(articleId, position, url, caption, alt, photographerId, hasPhotographer, credit, takenAt,
                         width, hasWidth, height, hasHeight))
            INSERT INTO articleSearch (articleId, document, pairs, isPublished, publishedAt, sectionId)
            SELECT x.articleId, x.document::tsvector, x.pairs::tsvector, a.status = 'published', a.publishedAt, a.sectionId
            FROM unnest(\(ids)::bigint[], \(searchDocuments)::text[], \(searchPairs)::text[]) AS x(articleId, document, pairs)
            JOIN a ON a.id = x.articleId
            """
    }
}
