/// How long a test lets one call take before calling it a hang.
///
/// Tests run beside every other suite on two cores (a debug build, bcrypt, PostgreSQL and
/// Redis servers), where a 50 ms timeout has been seen to take five seconds of wall time.
/// Their point is that a frozen or dead dependency costs a timeout, not a hang; how fast
/// it is, is measured by scripts/bench on a release build.
public enum TestBounds {
    public static let noHang = Duration.seconds(15)
}
