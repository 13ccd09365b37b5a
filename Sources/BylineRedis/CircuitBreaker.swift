import Foundation
import Synchronization

/// Stops calling a failing Redis: after `threshold` failures in a row it opens, and
/// while open every call fails at once without touching the network. After
/// `cooldown` one probe is let through; its success closes the breaker again.
public final class CircuitBreaker: Sendable {
    public enum State: String, Sendable {
        case closed, open, halfOpen
    }

    struct Status {
        var state = State.closed
        var failures = 0
        var openedAt = Date.distantPast
        var probing = false
    }

    let threshold: Int
    let cooldown: TimeInterval
    private let status = Mutex(Status())
    private let now: @Sendable () -> Date

    public init(threshold: Int = 3, cooldown: TimeInterval = 1, now: @escaping @Sendable () -> Date = { Date() }) {
        self.threshold = threshold
        self.cooldown = cooldown
        self.now = now
    }

    public var state: State { status.withLock { $0.state } }

    /// Whether a call may go to Redis now.
    public func allowsCall() -> Bool {
        let time = now()
        return status.withLock { status in
            switch status.state {
            case .closed:
                return true
            case .open:
                guard time.timeIntervalSince(status.openedAt) >= cooldown else { return false }
                status.state = .halfOpen
                status.probing = true
                return true
            case .halfOpen:
                // One probe at a time; the others keep doing without Redis.
                guard !status.probing else { return false }
                status.probing = true
                return true
            }
        }
    }

    public func recordSuccess() {
        status.withLock { $0 = Status() }
    }

    public func recordFailure() {
        let time = now()
        status.withLock { status in
            status.failures += 1
            status.probing = false
            if status.state == .halfOpen || status.failures >= threshold {
                status.state = .open
                status.openedAt = time
            }
        }
    }
}
