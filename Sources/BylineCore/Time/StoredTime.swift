import Foundation

extension Date {
    /// An instant as every backend stores it: whole UTC milliseconds, so that keyset
    /// comparisons are exact and a row reads the same on SQLite and PostgreSQL.
    public init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }

    public var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}
