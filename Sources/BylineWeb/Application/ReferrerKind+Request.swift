import BylineCore
import Foundation
import HTTPTypes

extension ReferrerKind {
    /// The kind of host a request's `Referer` names; links between the site's own pages
    /// (`ownHost`, `host(of:)` of its public address, worked out once) count as coming from inside it.
    init(_ fields: HTTPFields, ownHost: String?) {
        self.init(referer: fields[.referer], ownHost: ownHost)
    }

    static func host(of publicURL: String) -> String? { URLComponents(string: publicURL)?.host }
}
