// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "backend",
    platforms: [.macOS(.v14)],
    products: [
        // The Lambda custom runtime looks for an executable named `bootstrap`.
        .executable(name: "bootstrap", targets: ["Backend"])
    ],
    dependencies: [
        .package(name: "hoist", path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CCrypt", providers: [.apt(["libcrypt-dev"])]),
        .target(
            name: "LambdaRuntime",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "AWSClients",
            dependencies: [
                .product(name: "HoistSigV4", package: "hoist"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "MoviesAPI",
            dependencies: [
                "CCrypt", "LambdaRuntime", "AWSClients",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(name: "Backend", dependencies: ["LambdaRuntime", "MoviesAPI", "AWSClients"]),
        .testTarget(
            name: "LambdaRuntimeTests",
            dependencies: [
                "LambdaRuntime",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "AWSClientsTests",
            dependencies: ["AWSClients", .product(name: "HoistSigV4", package: "hoist")]
        ),
        .testTarget(name: "MoviesAPITests", dependencies: ["MoviesAPI", "LambdaRuntime"]),
        .testTarget(
            name: "BackendTests",
            dependencies: [
                "Backend", "LambdaRuntime",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ]
)
