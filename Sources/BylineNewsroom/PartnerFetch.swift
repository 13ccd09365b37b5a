import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GETs from partners' servers (feeds, photos): bounded in time and in size, and never
/// anything but http or https.
///
/// Addresses a partner's item names (its photos) are fetched only from the public internet
/// unless `allowsPrivateAddresses`: otherwise an item could make the server fetch from
/// itself or its network (loopback, private, link-local such as cloud metadata). The check
/// resolves the host first; a name that resolves differently a moment later is not caught.
public struct PartnerFetch: Sendable {
    private let session: URLSession
    private let allowsPrivateAddresses: Bool

    public init(timeout: TimeInterval = 15, allowsPrivateAddresses: Bool = false) {
        self.allowsPrivateAddresses = allowsPrivateAddresses
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
        case privateAddress
        case status(Int)
        case tooLarge(limit: Int)
        case unreachable(String)

        /// For the newsroom, in Korean.
        public var description: String {
            switch self {
            case .notWebAddress: "http나 https 주소가 아닙니다"
            case .privateAddress: "내부망 주소라 가져오지 않습니다"
            case .status(let code): "HTTP \(code)"
            case .tooLarge(let limit): "\(limit / 1024 / 1024) MB보다 큽니다"
            case .unreachable(let reason): reason
            }
        }
    }

    /// The body at `address`, refused above `limit` bytes; with `publicOnly` (an address a
    /// partner chose), refused when the host is on a private network. The completion-handler
    /// form, as elsewhere: the async one deadlocks on Linux when cancelled at shutdown.
    public func get(_ address: String, limit: Int, publicOnly: Bool = false) async throws -> [UInt8] {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty
        else {
            throw Failure.notWebAddress
        }
        if publicOnly, !allowsPrivateAddresses, try await !Self.isPublic(host) { throw Failure.privateAddress }
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

    /// Whether every address `host` resolves to is on the public internet.
    static func isPublic(_ host: String) async throws -> Bool {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses: [[UInt8]] = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: resolve(name)) }
        }
        guard !addresses.isEmpty else { throw Failure.unreachable("주소를 찾을 수 없음") }
        return addresses.allSatisfy(isPublicAddress)
    }

    /// The IPv4 (4 bytes) and IPv6 (16 bytes) addresses of `name`.
    static func resolve(_ name: String) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [[UInt8]] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let address = current.pointee.ai_addr {
                switch Int32(address.pointee.sa_family) {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                        addresses.append(withUnsafeBytes(of: ipv4.pointee.sin_addr) { Array($0) })
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ipv6 in
                        addresses.append(withUnsafeBytes(of: ipv6.pointee.sin6_addr) { Array($0) })
                    }
                default: break
                }
            }
            entry = current.pointee.ai_next
        }
        return addresses
    }

    /// False for loopback, private, carrier-grade NAT, link-local, unspecified, multicast and
    /// reserved addresses, and IPv6's unique-local and IPv4-mapped forms of them.
    static func isPublicAddress(_ bytes: [UInt8]) -> Bool {
        if bytes.count == 16 {
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return isPublicAddress(Array(bytes[12...]))
            }
            if bytes.allSatisfy({ $0 == 0 }) || bytes == [UInt8](repeating: 0, count: 15) + [1] { return false }
            if bytes[0] & 0xFE == 0xFC { return false }  // fc00::/7 unique local
            if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return false }  // fe80::/10 link local
            if bytes[0] == 0xFF { return false }  // multicast
            return true
        }
        guard bytes.count == 4 else { return false }
        let (a, b) = (bytes[0], bytes[1])
        switch a {
        case 0, 10, 127: return false
        case 100 where (64...127).contains(b): return false
        case 169 where b == 254: return false
        case 172 where (16...31).contains(b): return false
        case 192 where b == 168: return false
        case 198 where b == 18 || b == 19: return false
        case 224...255: return false
        default: return true
        }
    }
}
