import Benchmark
import Foundation

extension Benchmark.Configuration {
    /// Time, throughput and allocations, for up to two seconds a benchmark (a third of a
    /// second with `BYLINE_BENCH_QUICK=1`, as `scripts/bench --quick` sets).
    ///
    /// Allocation counts come from the malloc interposer: no jemalloc to install. ARC
    /// counts are left out, as they need the Swift 6.3 runtime interposer on Linux.
    public static func byline(scalingFactor: BenchmarkScalingFactor = .one) -> Benchmark.Configuration {
        let quick = ProcessInfo.processInfo.environment["BYLINE_BENCH_QUICK"] == "1"
        return .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            warmupIterations: quick ? 1 : 5,
            scalingFactor: scalingFactor,
            maxDuration: quick ? .milliseconds(300) : .seconds(2),
            maxIterations: 10_000)
    }
}
