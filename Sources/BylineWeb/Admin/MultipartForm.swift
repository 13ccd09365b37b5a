import Foundation
import BylineCore
import Hummingbird

/// A `multipart/form-data` body (a form with a file), read with a size limit.
///
/// Text fields must be UTF-8; a file keeps its bytes as sent. Anything malformed is a
/// Korean 400, an oversize body a 413: nothing is guessed.
struct MultipartForm: Sendable {
    struct File: Sendable {
        let filename: String
        let bytes: [UInt8]
    }

    let fields: [String: String]
    let files: [String: File]

    subscript(_ name: String) -> String? { fields[name] }

    static func isMultipart(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
    }

    static func read(_ request: Request, limit: Int) async throws -> MultipartForm {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let boundary = type.split(separator: ";").lazy
                  .map({ $0.trimmingCharacters(in: .whitespaces) })
                  .first(where: { $0.lowercased().hasPrefix("boundary=") })
                  .map({ String($0.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }),
              (1...70).contains(boundary.utf8.count)
        else { throw BylineError.invalidInput("사진은 multipart/form-data 양식으로 보내야 합니다.") }
        let buffer = try await request.body.collect(upTo: limit)
        return try MultipartForm(bytes: Array(buffer.readableBytesView), boundary: boundary)
    }

    init(bytes: [UInt8], boundary: String) throws {
        let malformed = BylineError.invalidInput("양식을 읽을 수 없습니다. 다시 보내 주세요.")
        let delimiter = Array("--\(boundary)".utf8)
        var fields: [String: String] = [:]
        var files: [String: File] = [:]
        var starts = Self.ranges(of: delimiter, in: bytes)
        guard starts.count >= 2 else { throw malformed }
        starts.removeLast()  // the closing delimiter `--boundary--` ends the last part
        let ends = Self.ranges(of: delimiter, in: bytes).dropFirst()
        for (start, end) in zip(starts, ends) {
            // A part: CRLF, headers, a blank line, the content, CRLF before the next delimiter.
            var part = Array(bytes[(start + delimiter.count)..<end])
            guard part.starts(with: [13, 10]), part.suffix(2) == [13, 10] else { throw malformed }
            part = Array(part[2..<(part.count - 2)])
            guard let split = Self.ranges(of: [13, 10, 13, 10], in: part).first,
                  let headers = String(validating: part[..<split], as: UTF8.self)
            else { throw malformed }
            let content = Array(part[(split + 4)...])
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                  let name = Self.parameter("name", in: disposition)
            else { throw malformed }
            if let filename = Self.parameter("filename", in: disposition) {
                files[name] = File(filename: filename, bytes: content)
            } else {
                guard let text = String(validating: content, as: UTF8.self) else { throw malformed }
                fields[name] = text
            }
        }
        self.fields = fields
        self.files = files
    }

    static func parameter(_ name: String, in header: Substring) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix(name + "=") else { continue }
            return String(trimmed.dropFirst(name.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// Where `needle` starts in `haystack`, every time, left to right.
    static func ranges(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        var index = 0
        let first = needle[0]
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                found.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }
}
