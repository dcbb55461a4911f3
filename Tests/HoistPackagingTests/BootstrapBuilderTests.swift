import Foundation
import HoistPackaging
import Synchronization
import Testing

@Suite("Bootstrap builder")
struct BootstrapBuilderTests {
    private func request(_ architecture: RuntimeManifest.Architecture, sdk: String? = nil) -> BootstrapBuilder.Request {
        BootstrapBuilder.Request(
            packagePath: "backend", product: "Backend", architecture: architecture, swiftSDK: sdk)
    }

    @Test("default build is release, fully static and stripped")
    func staticArguments() throws {
        let arguments = try BootstrapBuilder.buildArguments(for: request(.x86_64), host: .x86_64, installedSDKs: [])
        #expect(
            arguments == [
                "build", "-c", "release", "--package-path", "backend", "--product", "Backend", "-Xswiftc",
                "-static-executable", "-Xlinker", "-s",
            ])
    }

    @Test("several products are one build of the package: no --product, every output in the fingerprint's arguments")
    func companionArguments() throws {
        var request = request(.x86_64)
        request.companions = [.init(product: "Worker", outputPath: ".hoist/build/Worker/bootstrap")]
        let arguments = try BootstrapBuilder.buildArguments(for: request, host: .x86_64, installedSDKs: [])
        #expect(!arguments.contains("--product"))
        #expect(arguments.starts(with: ["build", "-c", "release", "--package-path", "backend", "-Xswiftc"]))
        #expect(request.outputs.map(\.product) == ["Backend", "Worker"])
    }

    @Test("two products of one package: one swift run builds both, each static and runnable; unchanged, reused")
    func companionBuild() throws {
        let folder = try TestSupport.temporaryDirectory()
        // A copy, since the test edits a source.
        let package = folder + "/StaticPair"
        try FileManager.default.copyItem(atPath: TestSupport.fixture("StaticPair"), toPath: package)
        var request = BootstrapBuilder.Request(
            packagePath: package, product: "first", architecture: BootstrapBuilder.hostArchitecture,
            outputPath: folder + "/build/first/bootstrap", scratchPath: folder + "/scratch")
        request.companions = [.init(product: "second", outputPath: folder + "/build/second/bootstrap")]
        let runs = Mutex(0)
        let builder = BootstrapBuilder()
        #expect(builder.reusableBootstrap(request) == nil)
        _ = try builder.build(request, progress: { _ in }, output: { _ in })
        for name in ["first", "second"] {
            let path = folder + "/build/\(name)/bootstrap"
            #expect(try ELFFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path)))).isStatic)
            let run = try TestSupport.run(path, [])
            #expect(run.status == 0 && run.output == "hello from \(name)\n")
            runs.withLock { $0 += 1 }
        }
        #expect(runs.withLock { $0 } == 2)
        #expect(builder.reusableBootstrap(request) != nil)
        // A change in the shared library makes both stale.
        let source = package + "/Sources/Greeting/Greeting.swift"
        try (try String(contentsOfFile: source, encoding: .utf8) + "\n").write(
            toFile: source, atomically: true, encoding: .utf8)
        #expect(builder.reusableBootstrap(request) == nil)
    }

    @Test("a given Swift SDK replaces -static-executable")
    func givenSDK() throws {
        let arguments = try BootstrapBuilder.buildArguments(
            for: request(.x86_64, sdk: "x86_64-swift-linux-musl"), host: .x86_64, installedSDKs: [])
        #expect(arguments.contains("--swift-sdk") && arguments.contains("x86_64-swift-linux-musl"))
        #expect(!arguments.contains("-static-executable"))
    }

    @Test("arm64 on an x86_64 machine needs a Swift SDK: an installed static Linux SDK is used, else a clear error")
    func crossArchitecture() throws {
        let arguments = try BootstrapBuilder.buildArguments(
            for: request(.arm64), host: .x86_64, installedSDKs: ["swift-6.3.1-RELEASE_static-linux-0.0.1"])
        #expect(arguments.suffix(4) == ["--swift-sdk", "aarch64-swift-linux-musl", "-Xlinker", "-s"])
        do {
            _ = try BootstrapBuilder.buildArguments(for: request(.arm64), host: .x86_64, installedSDKs: [])
            Issue.record("arm64 without an SDK was accepted")
        } catch {
            #expect(error.code == .unsupportedBuild)
            #expect(error.message.contains("--swift-sdk aarch64-swift-linux-musl"))
        }
    }

    @Test("progress lines are told apart from compiler output")
    func progressLines() {
        #expect(BootstrapBuilder.isProgressLine("[12/140] Compiling NIOCore Channel.swift"))
        #expect(BootstrapBuilder.isProgressLine("Building for production..."))
        #expect(BootstrapBuilder.isProgressLine("Build complete! (12.3s)"))
        #expect(!BootstrapBuilder.isProgressLine("/src/main.swift:3:5: error: cannot find 'x' in scope"))
        #expect(!BootstrapBuilder.isProgressLine("[note] something"))
        #expect(!BootstrapBuilder.isProgressLine("    |     `- error: cannot find 'x' in scope"))
    }

    @Test("a Swift fixture builds to a static bootstrap that runs, passes the gate and packages reproducibly")
    func staticFixture() throws {
        let folder = try TestSupport.temporaryDirectory()
        let progress = Mutex<[String]>([])
        let other = Mutex<[String]>([])
        let bootstrap = folder + "/.hoist/build/bootstrap"
        let elf = try BootstrapBuilder().build(
            BootstrapBuilder.Request(
                packagePath: TestSupport.fixture("StaticHello"), product: "StaticHello",
                architecture: BootstrapBuilder.hostArchitecture, outputPath: bootstrap,
                scratchPath: TestSupport.repositoryRoot + "/.build-fixtures/StaticHello"),
            progress: { line in progress.withLock { $0.append(line) } },
            output: { line in other.withLock { $0.append(line) } })
        #expect(progress.withLock { !$0.isEmpty })
        #expect(elf.isStatic)
        #expect(!elf.hasDynamicSection)
        #expect(elf.machine == BootstrapBuilder.hostArchitecture.machine)
        for runtime in RuntimeManifest.all {
            try CompatibilityGate(runtime: runtime, architecture: BootstrapBuilder.hostArchitecture).enforce(elf)
        }
        #expect(try ELFFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: bootstrap)))) == elf)
        let readelf = try TestSupport.run("/usr/bin/env", ["readelf", "-d", bootstrap])
        #expect(readelf.output.contains("There is no dynamic section in this file."))
        let symbols = try TestSupport.run("/usr/bin/env", ["readelf", "-S", bootstrap])
        #expect(!symbols.output.contains(".symtab"))
        let run = try TestSupport.run(bootstrap, [])
        #expect(run.status == 0 && run.output == "hello from a static bootstrap\n")

        let configuration = PackagingConfiguration(
            bootstrapPath: bootstrap, outputDirectory: folder + "/.hoist/dist", cacheDirectory: folder + "/.hoist/cache"
        )
        _ = try ArtifactPackager(configuration: configuration).package()
        let first = try Data(contentsOf: URL(fileURLWithPath: folder + "/.hoist/dist/code.zip"))
        let listing = try TestSupport.run("/usr/bin/env", ["unzip", "-Z", folder + "/.hoist/dist/code.zip"])
        #expect(
            listing.output.split(separator: "\n").contains { $0.hasPrefix("-rwxr-xr-x") && $0.hasSuffix(" bootstrap") })
        try FileManager.default.removeItem(atPath: folder + "/.hoist/dist")
        try FileManager.default.removeItem(atPath: folder + "/.hoist/cache")
        let again = try ArtifactPackager(configuration: configuration).package()
        #expect(again.reusedArtifacts.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/.hoist/dist/code.zip")) == first)
        print(
            "static fixture: bootstrap \(try FileManager.default.attributesOfItem(atPath: bootstrap)[.size] ?? 0) bytes, code.zip \(first.count) bytes"
        )
    }
}
