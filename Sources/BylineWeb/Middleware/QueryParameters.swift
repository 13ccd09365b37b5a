import BylineCore

/// The decoded query string of a request, parsed strictly once by `RequestGuard`.
struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    init() {}

    /// Parses `a=1&b=%ED%95%9C`; throws for broken encodings, which are the reader's mistake.
    init(_ query: String?) throws {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = strictPercentDecode(parts[0], plusAsSpace: true),
                  let value = strictPercentDecode(parts.count > 1 ? parts[1] : "", plusAsSpace: true)
            else { throw BylineError.invalidInput("주소의 검색 조건(쿼리 문자열)을 읽을 수 없습니다.") }
            // The first value wins, so `?date=a&date=b` means one thing however it is read.
            if values[key] == nil { values[key] = value }
        }
    }

    subscript(_ key: String) -> String? { values[key] }

    /// Every parameter, by name, for building the next page's address.
    var pairs: [(String, String)] { values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
}
