// swift-tools-version:6.0
// Two executables sharing a library: what one build of a project of several functions compiles.
import PackageDescription

let package = Package(
    name: "StaticPair",
    products: [
        .executable(name: "first", targets: ["First"]),
        .executable(name: "second", targets: ["Second"]),
    ],
    targets: [
        .target(name: "Greeting"),
        .executableTarget(name: "First", dependencies: ["Greeting"]),
        .executableTarget(name: "Second", dependencies: ["Greeting"]),
    ]
)
