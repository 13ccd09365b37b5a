import Foundation

/// The source of "now" for everything that depends on it (visibility of scheduled
/// articles, most-read windows, demo dates), so tests can fix time.
public struct NewsClock: Sendable {
    private let reading: @Sendable () -> Date

    public init(_ reading: @escaping @Sendable () -> Date) {
        self.reading = reading
    }

    public var now: Date { reading() }

    /// The machine's clock.
    public static let system = NewsClock { Date() }

    /// A clock stopped at one instant.
    public static func fixed(_ date: Date) -> NewsClock { NewsClock { date } }
}
