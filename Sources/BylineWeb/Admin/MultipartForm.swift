import Foundation
import BylineCore
import Hummingbird
import MultipartKit

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
        // A body announced as too large is refused before a byte of it is read.
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw HTTPError(.contentTooLarge)
        }
        // Collected into one buffer of the announced size, and parsed from it: four camera
        // pictures uploaded at once must not hold each picture three or four times over.
        let announced = request.headers[.contentLength].flatMap(Int.init).map { min($0, limit) } ?? 0
        var buffer = ByteBuffer()
        buffer.reserveCapacity(announced)
        try await request.body.collect(upTo: limit, into: &buffer)
        return try MultipartForm(body: buffer, boundary: boundary)
    }

    /// Parses with vapor/multipart-kit's streaming parser, which measured as fast as the
    /// hand-written one it replaced on a 10 MB photo (about 50 ms either way). A file's
    /// bytes are copied once, into an array reserved for the whole body's size.
    init(body: ByteBuffer, boundary: String) throws {
        let malformed = BylineError.invalidInput("양식을 읽을 수 없습니다. 다시 보내 주세요.")
        var fields: [String: String] = [:]
        var files: [String: File] = [:]
        var headers: [(name: String, value: String)] = []
        var content: [UInt8] = []
        var refused = false
        let parser = MultipartParser(boundary: boundary)
        func disposition() -> String? { headers.first(where: { $0.name.lowercased() == "content-disposition" })?.value }
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { buffer in
            // A file may be nearly the whole body: room for it at once, not by doubling.
            if content.isEmpty, disposition().flatMap({ Self.parameter("filename", in: $0) }) != nil {
                content.reserveCapacity(body.readableBytes)
            }
            content += buffer.readableBytesView
        }
        parser.onPartComplete = {
            defer { (headers, content) = ([], []) }
            guard let disposition = disposition(),
                  let name = Self.parameter("name", in: disposition)
            else { return refused = true }
            if let filename = Self.parameter("filename", in: disposition) {
                files[name] = File(filename: filename, bytes: content)
            } else if let text = String(validating: content, as: UTF8.self) {
                fields[name] = text
            } else {
                refused = true
            }
        }
        do {
            try parser.execute(body)
        } catch {
            throw malformed
        }
        // A part left open means the body stopped before its closing boundary.
        guard !refused, headers.isEmpty, content.isEmpty, !(fields.isEmpty && files.isEmpty) else { throw malformed }
        self.fields = fields
        self.files = files
    }

    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix(name + "=") else { continue }
            return String(trimmed.dropFirst(name.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
