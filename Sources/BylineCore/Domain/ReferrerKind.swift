import Foundation

/// Where a reader came from, as the newsroom's dashboard shows it: only the kind of the
/// referring host is kept, never the address, the page or anything about the reader.
public enum ReferrerKind: String, CaseIterable, Hashable, Sendable {
    case naver, daum, google, social, direct, `internal`, other

    public var koreanName: String {
        switch self {
        case .naver: "네이버"
        case .daum: "다음"
        case .google: "구글"
        case .social: "소셜 미디어"
        case .direct: "직접 방문"
        case .internal: "사이트 안"
        case .other: "기타"
        }
    }

    /// The kind of the `Referer` header's host; `ownHost` is the site's own (links between its pages).
    public init(referer: String?, ownHost: String?) {
        guard let referer, !referer.isEmpty else {
            self = .direct
            return
        }
        guard let host = URLComponents(string: referer)?.host?.lowercased(), !host.isEmpty else {
            self = .other
            return
        }
        func within(_ domain: String) -> Bool { host == domain || host.hasSuffix("." + domain) }
        if let ownHost, within(ownHost.lowercased()) {
            self = .internal
        } else if within("naver.com") || within("naver.me") || within("naver.net") {
            self = .naver
        } else if within("daum.net") || within("daum.co.kr") {
            self = .daum
        } else if host.hasPrefix("google.") || host.contains(".google.") || within("googleapis.com") {
            self = .google
        } else if Self.socialDomains.contains(where: within) {
            self = .social
        } else {
            self = .other
        }
    }

    static let socialDomains = [
        "facebook.com", "fb.com", "instagram.com", "twitter.com", "x.com", "t.co", "threads.net", "kakao.com", "band.us",
        "youtube.com", "linkedin.com", "reddit.com", "tiktok.com",
    ]
}

/// Site-wide traffic counted in memory before it is written: views per minute (for
/// "readers now") and per hour by where readers came from. No article, address or reader.
public struct Traffic: Sendable, Equatable {
    /// Views per minute number (minutes since 1970 in UTC).
    public private(set) var minutes: [Int64: Int] = [:]
    /// Views per hour number, by where they came from.
    public private(set) var referrers: [Int64: [ReferrerKind: Int]] = [:]

    public init() {}

    public var isEmpty: Bool { minutes.isEmpty && referrers.isEmpty }

    public static func minute(of date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / 60).rounded(.down)) }

    public mutating func add(at date: Date, from referrer: ReferrerKind, count: Int = 1) {
        minutes[Self.minute(of: date), default: 0] += count
        referrers[viewHour(of: date), default: [:]][referrer, default: 0] += count
    }

    public mutating func merge(_ other: Traffic) {
        for (minute, views) in other.minutes { minutes[minute, default: 0] += views }
        for (hour, kinds) in other.referrers {
            for (kind, views) in kinds { referrers[hour, default: [:]][kind, default: 0] += views }
        }
    }

    public mutating func drain() -> Traffic {
        defer { self = Traffic() }
        return self
    }
}
