import BylineCore
import Foundation
import PostgresNIO

/// A row's array columns (`array_agg` of a part of an article), read one after another
/// from a starting column. Columns that may be NULL are aggregated through a stand-in that
/// cannot occur (a width of -1, an id of 0, an empty text), since an array of optionals
/// does not decode; `photo` reads them back.
struct ArrayColumns {
    private let cells: PostgresRandomAccessRow
    private(set) var column: Int

    init(_ row: PostgresRow, from start: Int) {
        cells = row.makeRandomAccess()
        column = start
    }

    /// The next column's values; an aggregate over no rows (NULL) is empty.
    mutating func next<Value: PostgresArrayDecodable>(_: Value.Type) throws -> [Value] where Value._DecodableType == Value {
        defer { column += 1 }
        return try cells[column].decode([Value]?.self) ?? []
    }

    /// The next column, a plain boolean.
    mutating func nextFlag() throws -> Bool {
        defer { column += 1 }
        return try cells[column].decode(Bool.self)
    }

    /// A photo from its columns' values, stand-ins read back as absent.
    static func photo(
        url: String, caption: String, alt: String, photographer: Reporter?, credit: String, takenAt: Int64, width: Int64,
        height: Int64, libraryID: Int64, renditions: String
    ) -> Photo {
        Photo(
            url: url, caption: caption, alt: alt, photographer: photographer, credit: credit, takenAt: Date(milliseconds: takenAt),
            width: width < 0 ? nil : Int(width), height: height < 0 ? nil : Int(height),
            library: libraryID == 0 ? nil : LibraryPhotoID(rawValue: libraryID), renditionStem: renditions.isEmpty ? nil : renditions)
    }
}
