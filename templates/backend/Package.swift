// swift-tools-version:6.0
// A minimal Lambda backend written by `hoist init --backend`: no dependencies, so `hoist build` links it fully
// static (-static-executable) and it loads on provided.al2023 and provided.al2.
import PackageDescription

let package = Package(
    name: "backend",
    targets: [
        .executableTarget(name: "Backend")
    ]
)
