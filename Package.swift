// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "byline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "byline", targets: ["byline"]),
        // Libraries only so that the micro-benchmarks in Benchmarks/ can import the modules.
        .library(name: "BylineCore", targets: ["BylineCore"]),
        .library(name: "BylineDemo", targets: ["BylineDemo"]),
        .library(name: "BylineMarkup", targets: ["BylineMarkup"]),
        .library(name: "BylineMedia", targets: ["BylineMedia"]),
        .library(name: "BylineIngest", targets: ["BylineIngest"]),
        .library(name: "BylineSQLite", targets: ["BylineSQLite"]),
        .library(name: "BylineCache", targets: ["BylineCache"]),
        .library(name: "BylineRedis", targets: ["BylineRedis"]),
        .library(name: "BylineNewsroom", targets: ["BylineNewsroom"]),
        .library(name: "BylineWeb", targets: ["BylineWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
    ],
    targets: [
        // The newsroom's domain: no web, database or network imports.
        .target(
            name: "BylineCore",
            swiftSettings: swiftSettings
        ),
        // Demo content written for this project: an NDJSON file and its pictures, loaded through the importer.
        .target(
            name: "BylineDemo",
            dependencies: ["BylineCore"],
            resources: [.copy("Resources/demo.ndjson"), .copy("Resources/media")],
            swiftSettings: swiftSettings
        ),
        // Article bodies from Markdown to sanitised HTML, done once when an article is saved.
        .target(
            name: "BylineMarkup",
            dependencies: [.product(name: "Ink", package: "Ink")],
            swiftSettings: swiftSettings
        ),
        // libvips, the image library sharp and imgproxy are built on (Debian's libvips-dev).
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        // The few libvips calls Byline makes, without C variadics Swift cannot call.
        .target(name: "CBylineVips", dependencies: ["CVips"]),
        // glibc's malloc settings (`mallopt`), which its Swift module leaves out.
        .systemLibrary(name: "CMalloc"),
        // The photo desk's pictures: type by bytes, metadata from the file, renditions and crops.
        .target(
            name: "BylineMedia",
            dependencies: ["BylineCore", "CBylineVips", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Items from partner agencies: ninjs, NewsML-G2, RSS and Atom read safely (no DTDs,
        // no external entities, UTF-8 only) into the newsroom's 수신 queue.
        .target(
            name: "BylineIngest",
            dependencies: ["BylineCore", "BylineMarkup"],
            swiftSettings: swiftSettings
        ),
        // Embedded SQLite storage behind the core's storage protocol.
        .target(
            name: "BylineSQLite",
            dependencies: [
                "BylineCore",
                "BylineMarkup",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL storage behind the same protocols, for several nodes on one database.
        .target(
            name: "BylinePostgres",
            dependencies: [
                "BylineCore",
                "BylineMarkup",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The in-process cache of rendered pages: byte-bounded, coalescing, stale-while-revalidate.
        .target(
            name: "BylineCache",
            dependencies: ["BylineCore", .product(name: "CompressNIO", package: "compress-nio")],
            swiftSettings: swiftSettings
        ),
        // Newsroom accounts: password hashing (bcrypt), session and API tokens (random, stored as SHA-256).
        .target(
            name: "BylineAccounts",
            dependencies: [
                "BylineCore",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Byline's own Redis client on SwiftNIO: RESP, timeouts, a pool, a circuit breaker.
        .target(
            name: "BylineRedis",
            dependencies: [
                "BylineCore",
                "BylineCache",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The newsroom's services, for the web and every command alike: the workflow and its
        // rules, invalidation of cached pages on every process, view counting, scheduling, IndexNow.
        .target(
            name: "BylineNewsroom",
            dependencies: [
                "BylineAccounts",
                "BylineCore",
                "BylineCache",
                "BylineIngest",
                "BylineMarkup",
                "BylineMedia",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The reader site and the newsroom's pages: application builder, controllers, view models, templates.
        .target(
            name: "BylineWeb",
            dependencies: [
                "BylineAccounts",
                "BylineCore",
                "BylineCache",
                "BylineIngest",
                "BylineMarkup",
                "BylineMedia",
                "BylineNewsroom",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // The thin executable: commands and configuration only.
        .executableTarget(
            name: "byline",
            dependencies: [
                "BylineAccounts",
                "BylineCore",
                "BylineDemo",
                "BylineIngest",
                "BylineMedia",
                "BylineSQLite",
                "BylinePostgres",
                "BylineNewsroom",
                "BylineWeb",
                "BylineCache",
                "BylineRedis",
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BylineCoreTests",
            dependencies: ["BylineCore"]
        ),
        .testTarget(
            name: "BylineIngestTests",
            dependencies: ["BylineIngest", "BylineCore", "BylineMarkup"]
        ),
        .testTarget(
            name: "BylineMediaTests",
            dependencies: ["BylineMedia", "BylineCore", "BylineTestSupport"]
        ),
        .testTarget(
            name: "BylineCacheTests",
            dependencies: ["BylineCache", "BylineTestSupport"]
        ),
        // Helpers the test targets share: a real redis-server per test, and misbehaving fakes.
        .target(
            name: "BylineTestSupport",
            dependencies: [.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            path: "Tests/Support"
        ),
        .testTarget(
            name: "BylineRedisTests",
            dependencies: [
                "BylineRedis", "BylineCache", "BylineTestSupport",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "BylineStorageContractTests",
            dependencies: ["BylineCore", "BylineDemo", "BylineMarkup", "BylineSQLite", "BylinePostgres", "BylineTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "BylineWebTests",
            dependencies: [
                "BylineCore",
                "BylineCache",
                "BylineDemo",
                "BylineIngest",
                "BylineMarkup",
                "BylineNewsroom",
                "BylinePostgres",
                "BylineRedis",
                "BylineSQLite",
                "BylineTestSupport",
                "BylineWeb",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Runs the built executable: commands, flags and environment variables end to end.
        .testTarget(
            name: "BylineCommandTests",
            dependencies: ["byline", "BylineTestSupport"]
        ),
    ]
)
