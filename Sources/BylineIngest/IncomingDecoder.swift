import BylineCore
import Foundation

/// Turns what a partner sent into items, or refuses it whole with an `IngestProblem`:
/// ninjs as JSON, NewsML-G2 as XML, and for polled feeds RSS or Atom.
public enum IncomingDecoder {
    /// The largest item (or batch of items) read. Text items are kilobytes; photos travel
    /// by address, not inside the item.
    public static let maximumBytes = 5 * 1024 * 1024

    /// The kind of document, from a `Content-Type` header; refuses any character set but UTF-8.
    public enum Kind: Sendable {
        case json, xml
    }

    public static func kind(contentType: String?) throws -> Kind {
        let parts = (contentType ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let type = parts.first ?? ""
        if let charset = parts.dropFirst().first(where: { $0.hasPrefix("charset=") })?.dropFirst(8) {
            let name = charset.trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            guard name == "utf-8" || name == "utf8" else { throw IngestProblem.notUTF8(declared: name) }
        }
        if type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json")) { return .json }
        if type == "application/xml" || type == "text/xml" || (type.hasPrefix("application/") && type.hasSuffix("+xml")) { return .xml }
        throw IngestProblem.unsupportedType(type)
    }

    /// The kind of a dropped file: by its extension, or by its first character.
    public static func kind(fileName: String, bytes: [UInt8]) throws -> Kind {
        let lowered = fileName.lowercased()
        if lowered.hasSuffix(".json") { return .json }
        if lowered.hasSuffix(".xml") || lowered.hasSuffix(".nml") { return .xml }
        let first = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }.first
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return .json
        case UInt8(ascii: "<"): return .xml
        default: throw IngestProblem.unsupportedType(fileName)
        }
    }

    /// Items sent to the ingest API or dropped as a file.
    public static func items(_ bytes: [UInt8], kind: Kind) throws -> [IncomingContent] {
        guard bytes.count <= maximumBytes else { throw IngestProblem.tooLarge(limit: maximumBytes) }
        let bytes = withoutByteOrderMark(bytes)
        switch kind {
        case .json: return try NinjsReader.items(bytes)
        case .xml: return try NewsMLReader.items(try SafeXML.parse(bytes))
        }
    }

    /// Items of a polled RSS or Atom feed (a partner's NewsML-G2 or ninjs feed is read too).
    public static func feed(_ bytes: [UInt8]) throws -> [IncomingContent] {
        guard bytes.count <= maximumBytes else { throw IngestProblem.tooLarge(limit: maximumBytes) }
        let bytes = withoutByteOrderMark(bytes)
        if try kind(fileName: "", bytes: bytes) == .json { return try NinjsReader.items(bytes) }
        let root = try SafeXML.parse(bytes)
        return root.namespace == NewsMLReader.namespace ? try NewsMLReader.items(root) : try SyndicationReader.items(root)
    }

    static func withoutByteOrderMark(_ bytes: [UInt8]) -> [UInt8] {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }
}
