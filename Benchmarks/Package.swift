// swift-tools-version:6.2
// Micro-benchmarks of Byline's hot paths, with ordo-one/benchmark. A package of its own so
// that the benchmark tooling (and its malloc interposer) stays out of the server's build.
//
//     swift package --package-path Benchmarks benchmark
import PackageDescription

let package = Package(
    name: "byline-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "byline", path: ".."),
        // MallocInterposer alone: malloc counts without jemalloc, and without the runtime
        // interposer that the default traits would also pull in.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // What every suite shares: the demo newsroom in an in-memory store, the reader site
        // built on it, and one run configuration.
        .target(
            name: "DemoFixtures",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BylineCore", package: "byline"),
                .product(name: "BylineDemo", package: "byline"),
                .product(name: "BylineSQLite", package: "byline"),
                .product(name: "BylineWeb", package: "byline"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        benchmark("ArticleRender", [.product(name: "BylineMarkup", package: "byline"), .product(name: "BylineWeb", package: "byline")]),
        benchmark("Tokenizer", [.product(name: "BylineCore", package: "byline")]),
        benchmark("RESPParsing", [
            .product(name: "BylineRedis", package: "byline"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        benchmark("CacheLookup", [.product(name: "BylineCache", package: "byline"), .product(name: "BylineNewsroom", package: "byline")]),
    ]
)

/// A benchmark suite: an executable under `Benchmarks/<name>/`, where the plugin looks for it.
func benchmark(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark"), "DemoFixtures"] + dependencies,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}
