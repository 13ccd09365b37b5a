/// How long a test lets one call take before calling it a hang.
///
/// Tests run beside every other suite on two cores (a debug build, bcrypt, PostgreSQL and
/// Redis servers), where a 50 ms timeout has been seen to take five seconds of wall time.
/// Their point is that a frozen or dead dependency costs a timeout, not a hang; how fast
/// it is, is measured by scripts/bench on a release build.
public enum TestBounds {
    public static let noHang = Duration.seconds(15)
}

/// Polls `check` every 20 ms until it holds or `bound` passes; returns whether it held.
///
/// For what happens behind a reader: a page marked stale is served once more while its
/// replacement renders, and other processes hear of changes through a channel. The bound
/// is generous so that a loaded machine does not fail it; it is not a timing claim.
public func eventually(within bound: Duration = .seconds(5), _ check: () async throws -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + bound
    repeat {
        if try await check() { return true }
        try await Task.sleep(for: .milliseconds(20))
    } while clock.now < deadline
    return try await check()
}
