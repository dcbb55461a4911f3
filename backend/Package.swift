// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "backend",
    platforms: [.macOS(.v14)],
    products: [
        // The Lambda custom runtime looks for an executable named `bootstrap`.
        .executable(name: "bootstrap", targets: ["Backend"]),
        // The queue worker and the scheduled job of the multi-function example (examples/movies-project).
        .executable(name: "worker", targets: ["Worker"]),
        .executable(name: "nightly", targets: ["Nightly"]),
    ],
    dependencies: [
        .package(name: "hoist", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CCrypt", providers: [.apt(["libcrypt-dev"])]),
        .target(name: "LambdaRuntime"),
        .target(
            name: "AWSClients",
            dependencies: [
                .product(name: "HoistSigV4", package: "hoist"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "MoviesAPI",
            dependencies: [
                "CCrypt", "LambdaRuntime", "AWSClients",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HoistSigV4", package: "hoist"),
            ]
        ),
        .executableTarget(name: "Backend", dependencies: ["LambdaRuntime", "MoviesAPI", "AWSClients"]),
        .target(name: "Jobs", dependencies: ["LambdaRuntime", "AWSClients"]),
        .executableTarget(name: "Worker", dependencies: ["Jobs"]),
        .executableTarget(name: "Nightly", dependencies: ["Jobs"]),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "AWSClients"]),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime"]),
        .testTarget(
            name: "AWSClientsTests",
            dependencies: [
                "AWSClients", .product(name: "HoistSigV4", package: "hoist"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "MoviesAPITests",
            dependencies: ["MoviesAPI", "LambdaRuntime", .product(name: "HoistTestSupport", package: "hoist")]),
        .testTarget(
            name: "BackendTests",
            dependencies: [
                "Backend", "LambdaRuntime", .product(name: "HoistTestSupport", package: "hoist"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ]
)
