import Synchronization

/// Holds what a benchmark's setup made until its teardown: the framework hands a setup's
/// result to the benchmark closure but not to the teardown, which must stop a reader site.
public final class Fixture<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    public init() {}

    public func set(_ newValue: Value) {
        value.withLock { $0 = newValue }
    }

    /// The value the setup made; throws if the setup did not run or failed.
    public func get() throws -> Value {
        guard let current = value.withLock({ $0 }) else { throw FixtureError("the benchmark's setup did not run") }
        return current
    }

    /// The value, handed over for teardown and forgotten.
    public func take() -> Value? {
        value.withLock { current in
            defer { current = nil }
            return current
        }
    }
}
