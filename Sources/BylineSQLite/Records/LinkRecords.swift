import GRDB

/// A row of `articleAuthor`: a reporter in an article's byline.
struct ArticleAuthorRecord: Codable, PersistableRecord, Sendable {
    static let databaseTableName = "articleAuthor"
    var articleId: Int64
    var reporterId: Int64
    var position: Int
}

/// A row of `tag`.
struct TagRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "tag"
    var id: Int64?
    var name: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `articleTag`.
struct ArticleTagRecord: Codable, PersistableRecord, Sendable {
    static let databaseTableName = "articleTag"
    var articleId: Int64
    var tagId: Int64
    /// The article's public time when the writer knows it (an import); otherwise a trigger
    /// reads it from the article (`indexPublicTagsByTime`).
    var publicAt: Int64? = nil
}
