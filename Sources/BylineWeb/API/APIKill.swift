import BylineCore

/// A killed article as the Content API lists it: enough for a client to find its copy
/// (`id`, `url`, `headline`) and to know when and why to take it down.
struct APIKill: Encodable {
    let id: Int64
    let url: String
    let headline: String
    let killedAt: String
    let reason: String

    init(_ kill: KillNotice, site: SiteContext) {
        id = kill.id.rawValue
        url = site.absolute(Links.article(kill.id))
        headline = kill.headline
        killedAt = KoreanTime.iso8601(kill.killedAt)
        reason = kill.reason
    }
}
