import BylineCore
import Hummingbird

/// An `application/x-www-form-urlencoded` body, read with a size limit and decoded strictly:
/// bad percent-encoding or invalid UTF-8 is a 400 with a Korean message, never a guess.
struct FormBody: Sendable {
    /// Enough for a sign-in; the article form passes more (a long Korean body triples when percent-encoded).
    static let limit = 64 * 1024
    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    static func read(_ request: Request, limit: Int = limit) async throws -> FormBody {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw BylineError.invalidInput("양식은 application/x-www-form-urlencoded 형식으로 보내야 합니다.")
        }
        let buffer = try await request.body.collect(upTo: limit)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw BylineError.invalidInput("양식의 글자를 읽을 수 없습니다. 잘못된 인코딩입니다.")
        }
        return try FormBody(encoded: text)
    }

    init(encoded: String) throws {
        var fields: [String: String] = [:]
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = strictPercentDecode(parts[0], plusAsSpace: true),
                  let value = strictPercentDecode(parts.count > 1 ? parts[1] : "", plusAsSpace: true, allowingLineBreaks: true)
            else {
                throw BylineError.invalidInput("양식의 글자를 읽을 수 없습니다. 잘못된 인코딩입니다.")
            }
            fields[name] = value
        }
        self.fields = fields
    }
}
