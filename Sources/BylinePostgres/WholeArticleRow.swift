import BylineCore
import Foundation
import PostgresNIO

/// An article with its bylines, tags, photos (with their photographers) and corrections,
/// read in one statement: each part is gathered into arrays beside the article's columns
/// (`LEFT JOIN LATERAL ... array_agg`), so that an article page costs one round trip to
/// the server instead of five or six.
///
/// Columns that may be NULL are read through a stand-in that cannot occur (a photographer
/// id of 0, a width of -1), since an array of optionals does not decode.
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
    static let joins = """
        FROM article
        LEFT JOIN LATERAL (
            SELECT array_agg(reporter.id ORDER BY articleAuthor.position) AS ids,
                array_agg(reporter.name ORDER BY articleAuthor.position) AS names,
                array_agg(reporter.email ORDER BY articleAuthor.position) AS emails,
                array_agg(reporter.beat ORDER BY articleAuthor.position) AS beats
            FROM articleAuthor JOIN reporter ON reporter.id = articleAuthor.reporterId
            WHERE articleAuthor.articleId = article.id
        ) bylines ON true
        LEFT JOIN LATERAL (
            SELECT array_agg(tag.name ORDER BY tag.name COLLATE "C") AS names
            FROM articleTag JOIN tag ON tag.id = articleTag.tagId WHERE articleTag.articleId = article.id
        ) tags ON true
        LEFT JOIN LATERAL (
            SELECT array_agg(photo.url ORDER BY photo.position) AS urls,
                array_agg(photo.caption ORDER BY photo.position) AS captions,
                array_agg(photo.alt ORDER BY photo.position) AS alts,
                array_agg(photo.credit ORDER BY photo.position) AS credits,
                array_agg(photo.takenAt ORDER BY photo.position) AS takenAts,
                array_agg(COALESCE(photo.width, -1) ORDER BY photo.position) AS widths,
                array_agg(COALESCE(photo.height, -1) ORDER BY photo.position) AS heights,
                array_agg(COALESCE(photographer.id, 0) ORDER BY photo.position) AS photographerIds,
                array_agg(COALESCE(photographer.name, '') ORDER BY photo.position) AS photographerNames,
                array_agg(COALESCE(photographer.email, '') ORDER BY photo.position) AS photographerEmails,
                array_agg(COALESCE(photographer.beat, '') ORDER BY photo.position) AS photographerBeats,
                array_agg(COALESCE(photo.libraryPhotoId, 0) ORDER BY photo.position) AS libraryPhotoIds,
                array_agg(COALESCE(photo.renditions, '') ORDER BY photo.position) AS renditions
            FROM photo LEFT JOIN reporter photographer ON photographer.id = photo.photographerId
            WHERE photo.articleId = article.id
        ) photos ON true
        LEFT JOIN LATERAL (
            SELECT array_agg(correction.text ORDER BY correction.id) AS texts,
                array_agg(correction.editorName ORDER BY correction.id) AS editors,
                array_agg(correction.at ORDER BY correction.id) AS ats
            FROM correction WHERE correction.articleId = article.id
        ) corrections ON true
        """

    init(_ row: PostgresRow) throws {
        article = try ArticleRow(row)
        let cells = row.makeRandomAccess()
        var column = ArticleRow.columnCount
        func next<Value: PostgresArrayDecodable>(_: Value.Type) throws -> [Value] where Value._DecodableType == Value {
            defer { column += 1 }
            return try cells[column].decode([Value]?.self) ?? []
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
            return Photo(
                url: urls[index], caption: captions[index], alt: alts[index], photographer: photographer, credit: credits[index],
                takenAt: Date(milliseconds: takenAts[index]), width: widths[index] < 0 ? nil : Int(widths[index]),
                height: heights[index] < 0 ? nil : Int(heights[index]),
                library: libraryIDs[index] == 0 ? nil : LibraryPhotoID(rawValue: libraryIDs[index]),
                renditionStem: renditions[index].isEmpty ? nil : renditions[index])
        }

        let (texts, editors, ats) = (try next(String.self), try next(String.self), try next(Int64.self))
        corrections = texts.indices.map { index in
            Correction(text: texts[index], at: Date(milliseconds: ats[index]), editorName: editors[index])
        }
        assert(column == Self.columnCount, "columnCount must match the select list")
    }

    /// The domain article, or nil where `publicOnly` and readers may not see it.
    func article(publicOnly: Bool) -> Article? {
        article.stored.article(authors: authors, tags: tags, photos: photos, corrections: corrections, publicOnly: publicOnly)
    }
}
