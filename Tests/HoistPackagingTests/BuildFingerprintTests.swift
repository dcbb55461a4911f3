import Foundation
import Testing

@testable import HoistPackaging

/// A no-op build skips swift; any changed input rebuilds. Uses a stand-in `swift` (a shell script that counts its
/// builds and "builds" an ELF fixture) so each case is about the fingerprint, not the compiler.
@Suite("Build fingerprint: reuse the bootstrap only when no input changed")
struct BuildFingerprintTests {
    /// A package `app` depending by path on `lib`, a stand-in swift, and a request for `.hoist/build/bootstrap`.
    struct Bed {
        let root: String
        var request: BootstrapBuilder.Request
        var builder: BootstrapBuilder { BootstrapBuilder(swiftExecutable: root + "/toolchain/swift") }
        var builds: Int {
            ((try? String(contentsOfFile: root + "/toolchain/calls", encoding: .utf8)) ?? "")
                .split(separator: "\n").count
        }

        init() throws {
            root = try TestSupport.temporaryDirectory("fingerprint")
            request = BootstrapBuilder.Request(
                packagePath: root + "/app", product: "bootstrap", architecture: BootstrapBuilder.hostArchitecture,
                outputPath: root + "/app/.hoist/build/bootstrap")
            try write("app/Package.swift", #"let package = Package(dependencies: [.package(path: "../lib")])"#)
            try write("app/Package.resolved", #"{"pins": [], "version": 3}"#)
            try write("app/Sources/App/main.swift", "print(greeting())\n")
            try write("app/.build/noise.o", "ignored: swift's own folder\n")
            try write("lib/Package.swift", "let package = Package(name: \"lib\")\n")
            try write("lib/Sources/Lib/Lib.swift", "public func greeting() -> String { \"hi\" }\n")
            try installSwift(version: "Swift version 6.3 (swift-6.3-RELEASE)")
        }

        func write(_ relative: String, _ text: String) throws {
            let url = URL(fileURLWithPath: root + "/" + relative)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }

        func append(_ relative: String, _ text: String) throws {
            let handle = try FileHandle(forWritingAtPath: root + "/" + relative).unwrap()
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try handle.close()
        }

        /// A stand-in swift reporting `version`: `build … --show-bin-path` prints its bin folder, `build …`
        /// logs the call and copies an ELF fixture there as the product.
        func installSwift(version: String) throws {
            let elf = TestSupport.fixture("elf/needs-glibc-2.34")
            try write(
                "toolchain/swift",
                """
                #!/bin/sh
                here=$(dirname "$0")
                [ "$1" = "--version" ] && { echo '\(version)'; exit 0; }
                case " $* " in *" --show-bin-path "*) echo "$here/bin"; exit 0 ;; esac
                echo "$*" >> "$here/calls"
                mkdir -p "$here/bin" && cp '\(elf)' "$here/bin/bootstrap"
                """)
            chmod(root + "/toolchain/swift", 0o755)
        }

        /// Builds unless the last bootstrap can be reused; true when swift ran.
        func buildIfNeeded() throws -> Bool {
            if builder.reusableBootstrap(request) != nil { return false }
            _ = try builder.build(request, progress: { _ in }, output: { _ in })
            return true
        }
    }

    @Test("unchanged inputs: the second build runs no swift; the bootstrap replaced by hand rebuilds")
    func reuse() throws {
        let bed = try Bed()
        #expect(try bed.buildIfNeeded())
        #expect(!(try bed.buildIfNeeded()))
        #expect(bed.builds == 1)
        #expect(FileManager.default.fileExists(atPath: bed.request.outputPath + ".inputs.json"))
        try bed.append("app/.build/noise.o", "more\n")
        #expect(!(try bed.buildIfNeeded()), "swift's own build folder is not an input")
        try "not the build's".write(toFile: bed.request.outputPath, atomically: false, encoding: .utf8)
        #expect(try bed.buildIfNeeded())
        #expect(bed.builds == 2)
    }

    @Test("a changed source file rebuilds")
    func sourceChange() throws {
        let bed = try Bed()
        #expect(try bed.buildIfNeeded())
        try bed.append("app/Sources/App/main.swift", "print(1)\n")
        #expect(try bed.buildIfNeeded())
        #expect(!(try bed.buildIfNeeded()))
        try bed.write("app/Sources/App/New.swift", "let added = 1\n")
        #expect(try bed.buildIfNeeded(), "an added file rebuilds")
    }

    @Test("a change in a local path dependency rebuilds")
    func pathDependencyChange() throws {
        let bed = try Bed()
        #expect(BuildFingerprint.packageRoots(bed.request.packagePath).count == 2)
        #expect(try bed.buildIfNeeded())
        try bed.append("lib/Sources/Lib/Lib.swift", "public let more = 1\n")
        #expect(try bed.buildIfNeeded())
    }

    @Test("a changed Package.resolved rebuilds")
    func resolvedChange() throws {
        let bed = try Bed()
        #expect(try bed.buildIfNeeded())
        try bed.write("app/Package.resolved", #"{"pins": [{"identity": "swift-nio"}], "version": 3}"#)
        #expect(try bed.buildIfNeeded())
    }

    @Test("changed flags rebuild (another scratch path, a Swift SDK)")
    func flagsChange() throws {
        var bed = try Bed()
        #expect(try bed.buildIfNeeded())
        bed.request.scratchPath = bed.root + "/scratch"
        #expect(try bed.buildIfNeeded())
        bed.request.swiftSDK = "x86_64-swift-linux-musl"
        #expect(try bed.buildIfNeeded())
        #expect(!(try bed.buildIfNeeded()))
        #expect(bed.builds == 3)
    }

    @Test("another toolchain at the same path rebuilds; its version is asked again, then cached")
    func toolchainChange() throws {
        let bed = try Bed()
        #expect(try bed.buildIfNeeded())
        let cache = bed.root + "/app/.hoist/build/toolchain.json"
        #expect(try String(contentsOfFile: cache, encoding: .utf8).contains("swift-6.3-RELEASE"))
        try bed.installSwift(version: "Swift version 6.4-dev (swift-6.4-DEVELOPMENT-SNAPSHOT)")
        #expect(try bed.buildIfNeeded())
        #expect(try String(contentsOfFile: cache, encoding: .utf8).contains("swift-6.4-DEVELOPMENT-SNAPSHOT"))
        #expect(!(try bed.buildIfNeeded()))
    }

    @Test("local dependencies are read from .package(path:) calls only")
    func manifestPaths() {
        let manifest = """
            dependencies: [
                .package(name: "hoist", path: ".."),
                .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
                .package(path: "../shared/Kit"),
            ],
            targets: [.target(name: "X", path: "Sources/Y")]
            """
        #expect(BuildFingerprint.localDependencies(manifest: manifest) == ["..", "../shared/Kit"])
    }
}

extension Optional {
    /// The value, or a thrown error naming what was missing.
    fileprivate func unwrap() throws -> Wrapped {
        guard let self else { throw CocoaError(.fileNoSuchFile) }
        return self
    }
}
