import BylineCore
import Foundation

/// What the wire adds to an article's ninjs or NewsML-G2: its version on the wire, whether
/// an outlet may use it, and the embargo an early copy is under.
struct WireStamp: Sendable {
    /// IPTC's publishing status, as both formats name it.
    enum Status: String, Sendable {
        case usable
        /// Withdrawn for good (killed): take it down.
        case canceled
        /// Withdrawn for now (unpublished).
        case withheld
    }

    let version: Int
    let status: Status
    let embargoed: Date?

    /// What a subscriber receives of `change`, or `nil` when it receives nothing: an article
    /// under embargo goes only to subscribers allowed to see it early, and to the others when
    /// the embargo lifts (the scheduler's publishing is a change of its own).
    init?(_ change: WireChange, for subscriber: Subscriber, at now: Date) {
        version = change.version
        switch change.status {
        case .published:
            guard let at = change.publishedAt, at <= now else { return nil }
            (status, embargoed) = (.usable, nil)
        case .scheduled:
            guard subscriber.seesEmbargoed, let embargo = change.embargoUntil, embargo > now else { return nil }
            (status, embargoed) = (.usable, embargo)
        case .killed: (status, embargoed) = (.canceled, nil)
        case .unpublished: (status, embargoed) = (.withheld, nil)
        case .draft, .inReview: return nil
        }
    }
}
