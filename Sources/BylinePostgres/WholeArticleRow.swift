import BylineCore
import Foundation
import PostgresNIO

/// An article with its bylines, tags, photos (with their photographers) and corrections,
/// read in one statement: each part is gathered into arrays beside the article's columns
/// (`LEFT JOIN LATERAL ... array_agg`), so that an article page costs one round trip to
/// the server instead of five or six.
///
/// Columns that may be NULL are read through stand-ins (`ArrayColumns`).
struct WholeArticleRow: Sendable {
    let article: ArticleRow
    let authors: [Reporter]
    let tags: [Tag]
    let photos: [Photo]
    let corrections: [Correction]

    static let select = "SELECT \(columns) \(joins)"

    /// The select list, `ArticleRow.columns` first: `columnCount` columns.
    static let columns = """
        \(ArticleRow.columns),
            bylines.ids, bylines.names, bylines.emails, bylines.beats,
            tags.names,
            photos.urls, photos.captions, photos.alts, photos.credits, photos.takenAts, photos.widths, photos.heights,
            photos.photographerIds, photos.photographerNames, photos.photographerEmails, photos.photographerBeats,
            photos.libraryPhotoIds, photos.renditions,
            corrections.texts, corrections.editors, corrections.ats
        """
    static let columnCount = ArticleRow.columnCount + 21

    /// `FROM article` and the joins `columns` read from.
    ///
    /// Each part's arrays are gathered from a subquery already in order, with nothing
    /// between it and the aggregates to reorder it (PostgreSQL's documented way to order an
    /// aggregate's input), instead of an `ORDER BY` in every `array_agg`: that sorted the
    /// same few rows once per array, some forty sorts per article page.
    static let joins = """
        FROM article
        LEFT JOIN LATERAL (
            SELECT array_agg(byline.id) AS ids, array_agg(byline.name) AS names, array_agg(byline.email) AS emails,
                array_agg(byline.beat) AS beats
            FROM (
                SELECT reporter.id, reporter.name, reporter.email, reporter.beat
                FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
                WHERE articleAuthor.articleId = article.id ORDER BY articleAuthor.position) AS byline
        ) bylines ON true
        LEFT JOIN LATERAL (
            SELECT array_agg(tag.name ORDER BY tag.name COLLATE "C") AS names
            FROM articleTag JOIN tag ON tag.id = articleTag.tagId WHERE articleTag.articleId = article.id
        ) tags ON true
        LEFT JOIN LATERAL (
            SELECT array_agg(picture.url) AS urls, array_agg(picture.caption) AS captions, array_agg(picture.alt) AS alts,
                array_agg(picture.credit) AS credits, array_agg(picture.takenAt) AS takenAts, array_agg(picture.width) AS widths,
                array_agg(picture.height) AS heights, array_agg(picture.photographerId) AS photographerIds,
                array_agg(picture.photographerName) AS photographerNames,
                array_agg(picture.photographerEmail) AS photographerEmails,
                array_agg(picture.photographerBeat) AS photographerBeats, array_agg(picture.libraryPhotoId) AS libraryPhotoIds,
                array_agg(picture.renditions) AS renditions
            FROM (
                SELECT photo.url, photo.caption, photo.alt, photo.credit, photo.takenAt, COALESCE(photo.width, -1) AS width,
                    COALESCE(photo.height, -1) AS height, COALESCE(photographer.id, 0) AS photographerId,
                    COALESCE(photographer.name, '') AS photographerName, COALESCE(photographer.email, '') AS photographerEmail,
                    COALESCE(photographer.beat, '') AS photographerBeat, COALESCE(photo.libraryPhotoId, 0) AS libraryPhotoId,
                    COALESCE(photo.renditions, '') AS renditions
                FROM photo LEFT JOIN reporter photographer ON photographer.id = photo.photographerId
                WHERE photo.articleId = article.id ORDER BY photo.position) AS picture
        ) photos ON true
        LEFT JOIN LATERAL (
            SELECT array_agg(fix.text) AS texts, array_agg(fix.editorName) AS editors, array_agg(fix.at) AS ats
            FROM (SELECT text, editorName, at FROM correction WHERE correction.articleId = article.id ORDER BY id) AS fix
        ) corrections ON true
        """

    init(_ row: PostgresRow) throws {
        article = try ArticleRow(row)
        var columns = ArrayColumns(row, from: ArticleRow.columnCount)
        func next<Value: ArrayElement>(_ type: Value.Type) throws -> [Value] {
            try columns.next(type)
        }

        let (ids, names, emails, beats) = (try next(Int64.self), try next(String.self), try next(String.self), try next(String.self))
        authors = ids.indices.map { index in
            Reporter(id: ReporterID(rawValue: ids[index]), name: names[index], email: emails[index], beat: beats[index])
        }
        tags = try next(String.self).compactMap(Tag.init)

        let (urls, captions, alts, credits) = (try next(String.self), try next(String.self), try next(String.self), try next(String.self))
        let (takenAts, widths, heights) = (try next(Int64.self), try next(Int64.self), try next(Int64.self))
        let photographerIDs = try next(Int64.self)
        let (photographerNames, photographerEmails, photographerBeats) = (try next(String.self), try next(String.self), try next(String.self))
        let (libraryIDs, renditions) = (try next(Int64.self), try next(String.self))
        photos = urls.indices.map { index in
            let photographer = photographerIDs[index] == 0 ? nil : Reporter(
                id: ReporterID(rawValue: photographerIDs[index]), name: photographerNames[index], email: photographerEmails[index],
                beat: photographerBeats[index])
            return ArrayColumns.photo(
                url: urls[index], caption: captions[index], alt: alts[index], photographer: photographer, credit: credits[index],
                takenAt: takenAts[index], width: widths[index], height: heights[index], libraryID: libraryIDs[index],
                renditions: renditions[index])
        }

        let (texts, editors, ats) = (try next(String.self), try next(String.self), try next(Int64.self))
        corrections = texts.indices.map { index in
            Correction(text: texts[index], at: Date(milliseconds: ats[index]), editorName: editors[index])
        }
        assert(columns.column == Self.columnCount, "columnCount must match the select list")
    }

    /// The domain article, or nil where `publicOnly` and readers may not see it.
    func article(publicOnly: Bool) -> Article? {
        article.stored.article(authors: authors, tags: tags, photos: photos, corrections: corrections, publicOnly: publicOnly)
    }
}
