import ArgumentParser
import Foundation
import HoistPackaging
import Testing

@testable import HoistCommands

@Suite("hoist build from hoist.yml")
struct BuildFromConfigTests {
    @Test("without --product, package path, product, runtime and output come from the config, relative to it")
    func fromConfig() throws {
        let folder = try HoistBinary.temporaryFolder()
        try """
        project: shop
        runtime: provided.al2
        architecture: x86_64
        backend:
          path: server
          product: ShopLambda
        """.write(to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        let command = try BuildCommand.parse(["--config", folder.appendingPathComponent("hoist.yml").path])
        let (requests, runtime) = try command.settings()
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(request.product == "ShopLambda")
        #expect(request.packagePath == folder.appendingPathComponent("server").path)
        #expect(request.outputPath == folder.appendingPathComponent(".hoist/build/bootstrap").path)
        #expect(runtime == "provided.al2")
    }

    @Test("functions on two architectures: one build per architecture, a product run on both built for each")
    func perArchitecture() throws {
        let folder = try HoistBinary.temporaryFolder()
        try """
        project: shop
        runtime: provided.al2023
        functions:
          api: {product: API, http: $default}
          admin: {product: Admin}
          worker: {product: Jobs, architecture: arm64, queue: {}}
          report: {product: API, architecture: arm64}
        """.write(to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        let command = try BuildCommand.parse(["--config", folder.appendingPathComponent("hoist.yml").path])
        let (requests, _) = try command.settings()
        let build = folder.appendingPathComponent(".hoist/build").path
        #expect(requests.map(\.architecture) == [.x86_64, .arm64])
        #expect(requests[0].outputs.map(\.product) == ["API", "Admin"])
        #expect(requests[0].outputs.map(\.outputPath) == ["\(build)/API/bootstrap", "\(build)/Admin/bootstrap"])
        #expect(requests[1].outputs.map(\.product) == ["API", "Jobs"])
        #expect(
            requests[1].outputs.map(\.outputPath) == ["\(build)/API@arm64/bootstrap", "\(build)/Jobs@arm64/bootstrap"])
        // One --swift-sdk cannot serve two architectures.
        let withSDK = try BuildCommand.parse([
            "--config", folder.appendingPathComponent("hoist.yml").path, "--swift-sdk", "aarch64-swift-linux-musl",
        ])
        #expect(throws: ValidationError.self) { try withSDK.settings() }
    }

    @Test(
        "an architecture this machine cannot build for is refused before swift builds the others",
        .enabled(if: BootstrapBuilder.hostArchitecture == .x86_64 && BootstrapBuilder().installedSDKs().isEmpty))
    func unbuildableArchitectureFirst() throws {
        let folder = try HoistBinary.temporaryFolder()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("server"), withIntermediateDirectories: true)
        try """
        project: shop
        backend: {path: server}
        functions:
          api: {product: API, http: $default}
          worker: {product: Jobs, architecture: arm64, queue: {}}
        """.write(to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("hoist.yml").path
        let build = try HoistBinary.run(["build", "--config", config], environment: [:])
        #expect(build.status == 1, "\(build.stdout)\(build.stderr)")
        #expect(build.stderr.contains("cannot build for arm64 on this x86_64 machine without a Swift SDK"))
        // Nothing was built for x86_64 first.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".hoist/build").path))
        // hoist package then names every bootstrap it lacks, and what makes them.
        let package = try HoistBinary.run(["package", "--config", config], environment: [:])
        #expect(package.status == 1)
        #expect(
            package.stderr.contains(
                "no bootstrap at \(folder.path)/.hoist/build/API/bootstrap, "
                    + "\(folder.path)/.hoist/build/Jobs@arm64/bootstrap: run `hoist build` first"), "\(package.stderr)")
    }

    @Test("without --product or a config, a clear error")
    func neither() throws {
        let command = try BuildCommand.parse(["--config", "/nonexistent/hoist.yml"])
        #expect(throws: (any Error).self) { try command.settings() }
    }

    @Test("hoist package --config packages beside the config; the gate refuses a bootstrap that is no ELF")
    func packageFromConfig() throws {
        let folder = try HoistBinary.temporaryFolder()
        try "project: shop\nbackend:\n  product: Shop\n".write(
            to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        let build = folder.appendingPathComponent(".hoist/build")
        try FileManager.default.createDirectory(at: build, withIntermediateDirectories: true)
        try "#!/bin/sh\necho shop\n".write(
            to: build.appendingPathComponent("bootstrap"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("hoist.yml").path
        let refused = try HoistBinary.run(["package", "--config", config], environment: [:])
        #expect(refused.status != 0)
        let packaged = try HoistBinary.run(["package", "--config", config, "--no-gate"], environment: [:])
        #expect(packaged.status == 0, "\(packaged.stderr)")
        #expect(packaged.stdout.contains("code.zip"))
        let zip = folder.appendingPathComponent(".hoist/dist/code.zip").path
        #expect(FileManager.default.fileExists(atPath: zip))
        let listing = try HoistBinary.runProcess(URL(fileURLWithPath: "/usr/bin/unzip"), ["-Z", zip])
        #expect(listing.stdout.contains("-rwxr-xr-x"))
        #expect(listing.stdout.contains("bootstrap"))
    }
}
