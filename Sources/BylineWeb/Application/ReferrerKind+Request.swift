import BylineCore
import Foundation
import HTTPTypes

extension ReferrerKind {
    /// The kind of host a request's `Referer` names; links between the site's own pages
    /// (`publicURL`'s host) count as coming from inside it.
    init(_ fields: HTTPFields, publicURL: String) {
        self.init(referer: fields[.referer], ownHost: URLComponents(string: publicURL)?.host)
    }
}
