import HTTPTypes

/// The proxies whose forwarding headers are believed (`BYLINE_TRUSTED_PROXIES`): behind
/// nginx or a CDN every request arrives from the proxy, and only the proxy can say who the
/// reader is. A forwarding header from any other peer is the client's own claim and is
/// ignored, so that nobody can choose the address their limits are counted under.
public struct TrustedProxies: Sendable, CustomStringConvertible {
    let ranges: [IPRange]

    /// Loopback only: a proxy on the same machine, as docs/deploy.md sets up nginx.
    public static let loopback = TrustedProxies(ranges: [
        IPRange(network: IPAddress(bytes: [127, 0, 0, 0]), prefixLength: 8),
        IPRange(network: IPAddress(bytes: [UInt8](repeating: 0, count: 15) + [1]), prefixLength: 128),
    ])

    init(ranges: [IPRange]) {
        self.ranges = ranges
    }

    /// Addresses and CIDR ranges separated by commas or spaces; `nil` if any is not one.
    public init?(list: String) {
        var ranges: [IPRange] = []
        for item in list.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            guard let range = IPRange(item) else { return nil }
            ranges.append(range)
        }
        self.ranges = ranges
    }

    public var description: String { ranges.map(\.description).joined(separator: ",") }

    func trusts(_ address: IPAddress) -> Bool {
        ranges.contains { $0.contains(address) }
    }

    /// More hops than any real chain of proxies has: such a header is not believed.
    static let hopLimit = 20

    /// The reader's address for a request from `peer`: the right-most address of the
    /// forwarding chain that is not a trusted proxy. `X-Forwarded-For` is read when present
    /// (nginx and CDNs append to it), else RFC 7239 `Forwarded`. A chain that cannot be read
    /// to that address (garbage, an obfuscated or unknown node, too many hops) names nobody,
    /// and the peer is the client.
    func client(peer: String, headers: HTTPFields) -> String {
        client(peer: peer, forwardedFor: headers[values: .xForwardedFor], forwarded: headers[values: .forwarded])
    }

    /// The same, from the values of each `X-Forwarded-For` and each `Forwarded` field.
    func client(peer: String, forwardedFor: [String], forwarded: [String]) -> String {
        guard !forwardedFor.isEmpty || !forwarded.isEmpty, let peerAddress = IPAddress(peer), trusts(peerAddress) else { return peer }
        let hops: [Substring]
        if !forwardedFor.isEmpty {
            hops = forwardedFor.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        } else {
            hops = forwarded.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map(Self.forNode)
        }
        guard hops.count <= Self.hopLimit else { return peer }
        var leftmost = peerAddress
        for hop in hops.reversed() {
            guard let address = Self.node(hop) else { return peer }
            if !trusts(address) { return address.description }
            leftmost = address
        }
        // Every hop is a proxy of ours: the first of them is as near the reader as we can see.
        return leftmost.description
    }

    /// The `for=` value of one `Forwarded` element (empty when it has none).
    static func forNode(_ element: Substring) -> Substring {
        for pair in element.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingWhitespace().lowercased() == "for" { return parts[1] }
        }
        return ""
    }

    /// An address from a node: `192.0.2.1`, `192.0.2.1:8080`, `2001:db8::1`, `"[2001:db8::1]:8080"`.
    static func node(_ text: Substring) -> IPAddress? {
        var node = text.trimmingWhitespace()
        if node.count >= 2, node.hasPrefix("\""), node.hasSuffix("\"") { node = node.dropFirst().dropLast() }
        if node.hasPrefix("[") {
            guard let close = node.firstIndex(of: "]") else { return nil }
            let rest = node[node.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && isPort(rest.dropFirst())) else { return nil }
            return IPAddress(node[node.index(after: node.startIndex)..<close])
        }
        let colons = node.count { $0 == ":" }
        if colons == 1, let colon = node.firstIndex(of: ":") {
            guard isPort(node[node.index(after: colon)...]) else { return nil }
            return IPAddress(node[..<colon])
        }
        return IPAddress(node)
    }

    private static func isPort(_ text: Substring) -> Bool {
        (1...5).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber } && (Int(text).map { $0 <= 65535 } ?? false)
    }
}

extension HTTPField.Name {
    static let xForwardedFor: HTTPField.Name = named("X-Forwarded-For")
    static let forwarded: HTTPField.Name = named("Forwarded")
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
