import Foundation
import HoistCommands
import Testing

@Suite("hoist build")
struct BuildCommandTests {
    @Test("options map onto a build request; an unknown architecture is refused")
    func options() throws {
        let request = try BuildCommand.parse([
            "--package-path", "backend", "--product", "Backend", "--arch", "aarch64", "--swift-sdk",
            "aarch64-swift-linux-musl",
        ]).makeRequest()
        #expect(request.packagePath == "backend")
        #expect(request.product == "Backend")
        #expect(request.architecture == .arm64)
        #expect(request.swiftSDK == "aarch64-swift-linux-musl")
        #expect(request.outputPath == ".hoist/build/bootstrap")
        #expect(throws: (any Error).self) {
            try BuildCommand.parse(["--product", "B", "--arch", "mips"]).makeRequest()
        }
        // Neither --product nor a hoist.yml in the working folder (the package root has none).
        #expect(throws: (any Error).self) { try BuildCommand.parse([]).makeRequest() }
    }

    @Test("hoist build --arch arm64 without a Swift SDK fails with a clear error and builds nothing")
    func arm64WithoutSDK() throws {
        let hoist = try PackageCommandSupport.hoistExecutable()
        let folder = try PackageCommandSupport.temporaryDirectory()
        #if arch(x86_64)
            let (status, output) = try PackageCommandSupport.shell(
                "'\(hoist)' build --product Backend --arch arm64", in: folder)
            #expect(status == 1)
            #expect(output.contains("unsupported-build") && output.contains("--swift-sdk aarch64-swift-linux-musl"))
            #expect(!FileManager.default.fileExists(atPath: folder + "/.hoist/build/bootstrap"))
        #endif
    }

    @Test(
        "hoist build then hoist package: a static bootstrap, -rwxr-xr-x in code.zip, same bytes under another TZ and umask"
    )
    func buildAndPackageStaticFixture() throws {
        let hoist = try PackageCommandSupport.hoistExecutable()
        let folder = try PackageCommandSupport.temporaryDirectory()
        let fixture = PackageCommandSupport.repositoryRoot + "/Tests/HoistPackagingTests/Fixtures/StaticHello"
        // Same scratch folder as the packaging tests' build of this fixture: swift rebuilds nothing the second time.
        let scratch = PackageCommandSupport.repositoryRoot + "/.build-fixtures/StaticHello"
        let (status, output) = try PackageCommandSupport.shell(
            "'\(hoist)' build --package-path '\(fixture)' --product StaticHello --scratch-path '\(scratch)'", in: folder
        )
        #expect(status == 0, "\(output)")
        #expect(output.contains("hoist: building StaticHello (release, static-executable"))
        #expect(output.contains("(static, no dynamic section) loads on provided.al2023"))
        let (_, readelf) = try PackageCommandSupport.shell("readelf -d .hoist/build/bootstrap", in: folder)
        #expect(readelf.contains("There is no dynamic section in this file."))

        let (first, firstOutput) = try PackageCommandSupport.shell(
            "umask 022 && '\(hoist)' package", in: folder, environment: ["TZ": "UTC"])
        #expect(first == 0, "\(firstOutput)")
        let zip = try Data(contentsOf: URL(fileURLWithPath: folder + "/.hoist/dist/code.zip"))
        let (_, listing) = try PackageCommandSupport.shell("unzip -Z .hoist/dist/code.zip", in: folder)
        #expect(listing.split(separator: "\n").contains { $0.hasPrefix("-rwxr-xr-x") && $0.hasSuffix(" bootstrap") })
        try FileManager.default.removeItem(atPath: folder + "/.hoist/dist")
        try FileManager.default.removeItem(atPath: folder + "/.hoist/cache")
        let (second, secondOutput) = try PackageCommandSupport.shell(
            "umask 077 && '\(hoist)' package", in: folder, environment: ["TZ": "America/New_York"])
        #expect(second == 0, "\(secondOutput)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/.hoist/dist/code.zip")) == zip)
    }

    @Test("a compiler error is passed through unchanged and the build fails")
    func compilerErrorPassesThrough() throws {
        let hoist = try PackageCommandSupport.hoistExecutable()
        let folder = try PackageCommandSupport.temporaryDirectory()
        try FileManager.default.createDirectory(
            atPath: folder + "/pkg/Sources/Broken", withIntermediateDirectories: true)
        try Data(
            "// swift-tools-version:6.0\nimport PackageDescription\nlet package = Package(name: \"Broken\", targets: [.executableTarget(name: \"Broken\")])\n"
                .utf8
        ).write(to: URL(fileURLWithPath: folder + "/pkg/Package.swift"))
        try Data("let x: Int = \"not a number\"\n".utf8).write(
            to: URL(fileURLWithPath: folder + "/pkg/Sources/Broken/main.swift"))
        let (status, output) = try PackageCommandSupport.shell(
            "'\(hoist)' build --package-path pkg --product Broken", in: folder)
        #expect(status == 1)
        #expect(
            output.contains("main.swift:1:14: error: cannot convert value of type 'String' to specified type 'Int'"))
        #expect(output.contains("build-failed"))
    }
}
