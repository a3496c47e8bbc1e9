// swift-tools-version: 6.1
import PackageDescription

/// Department modules: one target each under Sources/Departments, depending on the kernel only,
/// with its tests under Tests/Departments. Listing a name here links the department into the
/// server (the DepartmentRegistry plugin finds its module type); the order is the order their
/// migrations run. `swift package --allow-writing-to-package-directory scaffold-department <Name>`
/// writes a new one and adds it here.
let departments = ["CivilAffairs", "MedicalAid", "Education", "Employment", "Disability", "Charity"]

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "SafetyNet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "safetynet", targets: ["safetynet"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The configuration file, and reading docker/compose.yaml and the Prometheus rules in tests.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // The web console's pages.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // libpq, found through pkg-config; Debian's libpq-dev provides it.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The only target that imports CLibPQ: connections, pool, typed rows, COPY, LISTEN/NOTIFY.
        .target(
            name: "PostgresClient",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // Prometheus's text format for what the server measures: every metric named and described
        // in one catalog, as the backend of swift-metrics.
        .target(
            name: "ServerMetrics",
            dependencies: [
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // Where the commands' settings come from: flag, environment, then a YAML configuration file.
        .target(
            name: "ServerConfiguration",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .testTarget(name: "ServerConfigurationTests", dependencies: ["ServerConfiguration"], swiftSettings: strict),
        // Log lines off the request path, as text or JSON, each with the request it belongs to.
        .target(
            name: "ServerLogging",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // docker/: the compose file, the image's Dockerfile and the alert rules, against the README and the metric catalog.
        .testTarget(
            name: "DeploymentTests", dependencies: ["ServerMetrics", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        .testTarget(
            name: "ServerLoggingTests", dependencies: ["ServerLogging", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        // The database layer alone beside pgbench, for benchmarks/run.
        .executableTarget(name: "DatabaseLayerBenchmark", dependencies: ["PostgresClient"], swiftSettings: strict),
        // Starts and stops a private PostgreSQL cluster for the demo and the tests.
        .target(
            name: "LocalPostgres",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Domain types and module contracts: no SQL, no networking.
        .target(name: "SafetyNetKernel", swiftSettings: strict),
        // Encryption, blind indexes and masking of personal data (ID and phone numbers).
        .target(
            name: "PersonalData",
            dependencies: ["SafetyNetKernel", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The kernel's schema, migrations and repositories, and backups of the database.
        .target(
            name: "SafetyNetStorage",
            dependencies: [
                "SafetyNetKernel", "PostgresClient", "PersonalData", "FeedIntake", "LocalPostgres",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Department batches as they stream in: text encodings, CSV and JSON Lines, rows read
        // against the feed a module declares, problems with personal values masked.
        .target(name: "FeedIntake", dependencies: ["SafetyNetKernel", "PersonalData"], swiftSettings: strict),
        // The web console's pages in Chinese: templates, the Chinese way of writing dates and
        // amounts, what each page shows. Rendering only: the routes are SafetyNetAPI's.
        .target(
            name: "SafetyNetConsole",
            dependencies: ["SafetyNetKernel", "SafetyNetStorage", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        .testTarget(name: "SafetyNetConsoleTests", dependencies: ["SafetyNetConsole", "SafetyNetKernel", "SafetyNetStorage"], swiftSettings: strict),
        // The HTTPS API on Hummingbird with TLS, and the console's routes beside it.
        .target(
            name: "SafetyNetAPI",
            dependencies: [
                "SafetyNetKernel", "SafetyNetStorage", "SafetyNetConsole", "PostgresClient", "ServerMetrics", "ServerLogging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // A deterministic demo district: regions, households, persons, monitoring.
        .target(
            name: "DemoDistrict",
            dependencies: ["SafetyNetKernel", "SafetyNetStorage", "PersonalData", "PostgresClient", "FeedIntake"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "safetynet",
            dependencies: [
                "SafetyNetKernel", "SafetyNetStorage", "SafetyNetAPI", "PostgresClient",
                "LocalPostgres", "DemoDistrict", "PersonalData", "FeedIntake", "ServerMetrics", "ServerLogging", "ServerConfiguration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ] + departments.map { .byName(name: $0) },
            swiftSettings: strict,
            // Generates DepartmentRegistry.modules from the departments above.
            plugins: [.plugin(name: "DepartmentRegistry")]
        ),
        // Shared by the test targets: a private cluster and one fresh database per test.
        .target(
            name: "PostgresTestSupport",
            dependencies: [
                "PostgresClient", "LocalPostgres",
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            path: "Tests/PostgresTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "PostgresClientTests",
            dependencies: [
                "PostgresClient", "PostgresTestSupport", "LocalPostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Builds assessment facts for the department modules' rule tests.
        .target(
            name: "DepartmentTestSupport",
            dependencies: ["SafetyNetKernel"],
            path: "Tests/DepartmentTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SafetyNetKernelTests",
            dependencies: ["SafetyNetKernel"],
            swiftSettings: strict
        ),
        .testTarget(name: "FeedIntakeTests", dependencies: ["FeedIntake", "SafetyNetKernel"], swiftSettings: strict),
        .testTarget(
            name: "PersonalDataTests",
            dependencies: ["PersonalData", "SafetyNetKernel"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SafetyNetStorageTests",
            dependencies: [
                "SafetyNetStorage", "SafetyNetKernel", "PostgresTestSupport", "PostgresClient", "PersonalData",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DemoDistrictTests",
            dependencies: ["DemoDistrict", "SafetyNetStorage", "SafetyNetKernel", "PostgresTestSupport", "PostgresClient", "PersonalData"]
                + departments.map { .byName(name: $0) },
            swiftSettings: strict
        ),
        .testTarget(
            name: "SafetyNetAPITests",
            dependencies: [
                "SafetyNetAPI", "SafetyNetStorage", "SafetyNetKernel", "PostgresTestSupport", "PostgresClient", "LocalPostgres",
                "DemoDistrict", "PersonalData", "ServerMetrics", "SafetyNetConsole",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ] + departments.map { .byName(name: $0) },
            swiftSettings: strict
        ),
        .plugin(name: "DepartmentRegistry", capability: .buildTool()),
        .plugin(
            name: "ScaffoldDepartment",
            capability: .command(
                intent: .custom(
                    verb: "scaffold-department",
                    description: "Write a new department module with one assistance type, a referral handler, a migration and tests, and link it in."),
                permissions: [
                    .writeToPackageDirectory(
                        reason: "writes Sources/Departments/<Name> and Tests/Departments/<Name>Tests, and adds <Name> to departments in Package.swift"
                    )
                ])),
    ]
        + departments.flatMap { name -> [Target] in
            [
                .target(name: name, dependencies: ["SafetyNetKernel"], path: "Sources/Departments/\(name)", swiftSettings: strict),
                .testTarget(
                    name: "\(name)Tests", dependencies: [.byName(name: name), "SafetyNetKernel", "DepartmentTestSupport"],
                    path: "Tests/Departments/\(name)Tests", swiftSettings: strict),
            ]
        },
    swiftLanguageModes: [.v6]
)
