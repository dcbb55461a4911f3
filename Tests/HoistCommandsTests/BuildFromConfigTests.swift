import Foundation
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
        let (request, runtime) = try command.settings()
        #expect(request.product == "ShopLambda")
        #expect(request.packagePath == folder.appendingPathComponent("server").path)
        #expect(request.outputPath == folder.appendingPathComponent(".hoist/build/bootstrap").path)
        #expect(runtime == "provided.al2")
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
