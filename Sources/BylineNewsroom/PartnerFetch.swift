import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GETs from partners' servers (feeds, photos): bounded in time and in size, and never
/// anything but http or https.
public struct PartnerFetch: Sendable {
    private let session: URLSession

    public init(timeout: TimeInterval = 15) {
        let configuration = URLSessionConfiguration.ephemeral
        // A session of its own: on Linux a request's own `timeoutInterval` did not stop a
        // server that accepted and never answered.
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpAdditionalHeaders = ["User-Agent": "Byline wire ingest"]
        session = URLSession(configuration: configuration)
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notWebAddress
        case status(Int)
        case tooLarge(limit: Int)
        case unreachable(String)

        /// For the newsroom, in Korean.
        public var description: String {
            switch self {
            case .notWebAddress: "http나 https 주소가 아닙니다"
            case .status(let code): "HTTP \(code)"
            case .tooLarge(let limit): "\(limit / 1024 / 1024) MB보다 큽니다"
            case .unreachable(let reason): reason
            }
        }
    }

    /// The body at `address`, refused above `limit` bytes. The completion-handler form, as
    /// elsewhere: the async one deadlocks on Linux when cancelled at shutdown.
    public func get(_ address: String, limit: Int) async throws -> [UInt8] {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw Failure.notWebAddress
        }
        let result: Result<[UInt8], Failure> = await withCheckedContinuation { continuation in
            session.dataTask(with: URLRequest(url: url)) { data, response, error in
                if let error {
                    let reason = switch (error as? URLError)?.code {
                    case .timedOut?: "응답 시간 초과"
                    case .cannotConnectToHost?: "연결 거부"
                    case .cannotFindHost?, .dnsLookupFailed?: "주소를 찾을 수 없음"
                    default: "연결 실패"
                    }
                    return continuation.resume(returning: .failure(.unreachable(reason)))
                }
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                guard (200..<300).contains(status) else { return continuation.resume(returning: .failure(.status(status))) }
                guard let data, data.count <= limit else { return continuation.resume(returning: .failure(.tooLarge(limit: limit))) }
                continuation.resume(returning: .success([UInt8](data)))
            }.resume()
        }
        return try result.get()
    }
}
