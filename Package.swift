// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "hoist",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hoist", targets: ["hoist"]),
        .library(name: "HoistSigV4", targets: ["HoistSigV4"]),
        // Test helpers shared by the test targets here and in backend/ (never a dependency of non-test code).
        .library(name: "HoistTestSupport", targets: ["HoistTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // jwt-kit (backend) needs swift-crypto 4.x; the backend depends on this package by path, so accept both.
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CZip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev", "zlib1g-dev"])]
        ),
        .systemLibrary(name: "CProcessHardening"),
        .target(
            name: "HoistSigV4",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "HoistAWS",
            dependencies: ["HoistSigV4", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "HoistCurl", dependencies: ["CCurl", "HoistAWS"]),
        .target(
            name: "HoistPackaging",
            dependencies: ["CZip", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "HoistCore",
            dependencies: [
                "HoistAWS", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Yams", package: "Yams"),
            ]),
        .target(name: "HoistDev", dependencies: ["HoistSigV4"]),
        .target(
            name: "HoistCommands",
            dependencies: [
                "HoistAWS", "HoistCurl", "HoistPackaging", "HoistCore", "HoistDev", "CProcessHardening",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "hoist", dependencies: ["HoistCommands"]),
        // The moto bed reader, fake and fault-injecting transports, process runner and seeded generator that
        // every test target shares; a regular target (test targets cannot depend on each other) under Tests/.
        .target(name: "HoistTestSupport", dependencies: ["HoistAWS"], path: "Tests/HoistTestSupport"),
        .testTarget(name: "HoistSigV4Tests", dependencies: ["HoistSigV4", "HoistTestSupport"]),
        .testTarget(
            name: "HoistAWSTests", dependencies: ["HoistAWS", "HoistTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HoistCurlTests", dependencies: ["HoistCurl", "HoistAWS", "HoistTestSupport"]),
        .testTarget(
            name: "HoistPackagingTests", dependencies: ["HoistPackaging", "HoistTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "HoistCoreTests", dependencies: ["HoistCore", "HoistTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "HoistDevTests", dependencies: ["HoistDev", "HoistTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "HoistCommandsTests",
            dependencies: ["HoistCommands", "HoistCore", "HoistCurl", "HoistAWS", "HoistTestSupport"],
            exclude: ["Fixtures"]),
    ]
)
