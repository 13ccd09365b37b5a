import Foundation
/// What `/readyz` reports about one dependency.
public struct DependencyStatus: Sendable, Encodable {
    /// `up`, `down`, or for Redis the breaker state (`closed`, `open`, `halfOpen`).
    public let state: String
    public let healthy: Bool
    public let latencyMilliseconds: Double?

    public init(state: String, healthy: Bool, latencyMilliseconds: Double?) {
        self.state = state
        self.healthy = healthy
        self.latencyMilliseconds = latencyMilliseconds
    }
}

extension Duration {
    /// The duration in milliseconds, for reports such as `/readyz`.
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

/// Something `/readyz` can ask about its health, such as the shared Redis tier.
public protocol DependencyProbe: Sendable {
    var name: String { get }
    /// Checks quickly; never throws, never waits past the dependency's own timeouts.
    func check() async -> DependencyStatus
}
