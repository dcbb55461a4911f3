// swift-tools-version:6.0
// A tiny executable the tests build with `hoist build`'s flags, standing in for the backend until it exists.
import PackageDescription

let package = Package(
    name: "StaticHello",
    targets: [.executableTarget(name: "StaticHello")]
)
