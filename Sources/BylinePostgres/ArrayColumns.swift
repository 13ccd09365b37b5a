import BylineCore
import Foundation
import PostgresNIO

/// A row's array columns (`array_agg` of a part of an article, or a search's candidates),
/// read one after another from a starting column. Columns that may be NULL are aggregated
/// through a stand-in that cannot occur (a width of -1, an id of 0, an empty text), since an
/// array of optionals does not decode; `photo` reads them back.
struct ArrayColumns {
    private let cells: PostgresRandomAccessRow
    private(set) var column: Int

    init(_ row: PostgresRow, from start: Int) {
        cells = row.makeRandomAccess()
        column = start
    }

    /// The next column's values; an aggregate over no rows (NULL) is empty.
    ///
    /// Read straight from PostgreSQL's binary array format (`ArrayElement`): PostgresNIO's
    /// generic decoding looked up type metadata for every element, which made reading an
    /// article page's forty arrays a twelfth of a page's CPU.
    mutating func next<Value: ArrayElement>(_: Value.Type) throws -> [Value] {
        defer { column += 1 }
        let cell = cells[column]
        guard var bytes = cell.bytes else { return [] }
        guard cell.format == .binary else { return try cell.decode([Value]?.self) ?? [] }
        return try Value.array(from: &bytes)
    }

    /// The next column, a plain value (a flag, a number, a text).
    mutating func nextValue<Value: PostgresDecodable>(_: Value.Type) throws -> Value {
        defer { column += 1 }
        return try cells[column].decode(Value.self)
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

/// An element type of the arrays an article's row carries, read from PostgreSQL's binary
/// array format: dimensions, a null flag and the element type's oid, then per dimension its
/// length and lower bound, then each element as a length and its bytes.
protocol ArrayElement: PostgresArrayDecodable where _DecodableType == Self {
    static var oid: UInt32 { get }
    /// One element from its bytes.
    static func element(_ bytes: inout ByteBuffer) throws -> Self
}

extension ArrayElement {
    static func array(from buffer: inout ByteBuffer) throws -> [Self] {
        guard let dimensions = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
            let elementType = buffer.readInteger(as: UInt32.self), elementType == oid
        else { throw ArrayFormatError() }
        guard dimensions > 0 else { return [] }
        guard dimensions == 1, let count = buffer.readInteger(as: Int32.self), count >= 0, buffer.readInteger(as: Int32.self) != nil
        else { throw ArrayFormatError() }
        var values: [Self] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<count {
            // A NULL element (length -1) cannot occur: the columns aggregate stand-ins instead.
            guard let length = buffer.readInteger(as: Int32.self), length >= 0, var bytes = buffer.readSlice(length: Int(length))
            else { throw ArrayFormatError() }
            values.append(try element(&bytes))
        }
        return values
    }
}

/// An array column not in the form `ArrayElement` reads.
struct ArrayFormatError: Error {}

extension String: ArrayElement {
    static var oid: UInt32 { 25 }  // text
    static func element(_ bytes: inout ByteBuffer) throws -> String { bytes.readString(length: bytes.readableBytes) ?? "" }
}

extension Int64: ArrayElement {
    static var oid: UInt32 { 20 }  // int8
    static func element(_ bytes: inout ByteBuffer) throws -> Int64 {
        guard bytes.readableBytes == 8, let value = bytes.readInteger(as: Int64.self) else { throw ArrayFormatError() }
        return value
    }
}

extension Bool: ArrayElement {
    static var oid: UInt32 { 16 }  // bool
    static func element(_ bytes: inout ByteBuffer) throws -> Bool {
        guard bytes.readableBytes == 1, let value = bytes.readInteger(as: UInt8.self) else { throw ArrayFormatError() }
        return value != 0
    }
}

extension Float: ArrayElement {
    static var oid: UInt32 { 700 }  // float4
    static func element(_ bytes: inout ByteBuffer) throws -> Float {
        guard bytes.readableBytes == 4, let value = bytes.readInteger(as: UInt32.self) else { throw ArrayFormatError() }
        return Float(bitPattern: value)
    }
}
