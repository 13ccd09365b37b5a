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
    /// Told of every change of state, for the log.
    private let onChange: @Sendable (_ from: State, _ to: State) -> Void

    public init(
        threshold: Int = 3, cooldown: TimeInterval = 1, now: @escaping @Sendable () -> Date = { Date() },
        onChange: @escaping @Sendable (_ from: State, _ to: State) -> Void = { _, _ in }
    ) {
        self.threshold = threshold
        self.cooldown = cooldown
        self.now = now
        self.onChange = onChange
    }

    public var state: State { status.withLock { $0.state } }

    /// Whether a call may go to Redis now.
    public func allowsCall() -> Bool {
        let time = now()
        let (allowed, halfOpened) = status.withLock { status -> (Bool, Bool) in
            switch status.state {
            case .closed:
                return (true, false)
            case .open:
                guard time.timeIntervalSince(status.openedAt) >= cooldown else { return (false, false) }
                status.state = .halfOpen
                status.probing = true
                return (true, true)
            case .halfOpen:
                // One probe at a time; the others keep doing without Redis.
                guard !status.probing else { return (false, false) }
                status.probing = true
                return (true, false)
            }
        }
        if halfOpened { onChange(.open, .halfOpen) }
        return allowed
    }

    public func recordSuccess() {
        let previous = status.withLock { status in
            defer { status = Status() }
            return status.state
        }
        if previous != .closed { onChange(previous, .closed) }
    }

    public func recordFailure() {
        let time = now()
        let previous = status.withLock { status -> State? in
            status.failures += 1
            status.probing = false
            guard status.state == .halfOpen || status.failures >= threshold else { return nil }
            defer { status.state = .open }
            status.openedAt = time
            return status.state
        }
        if let previous, previous != .open { onChange(previous, .open) }
    }
}
