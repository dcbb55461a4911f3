import Foundation
import Testing

@testable import HoistCommands

@Suite("hoist init")
struct InitCommandTests {
    @Test("the embedded starter is templates/hoist.yml to the byte")
    func templateInSync() throws {
        let file = HoistBinary.packageRoot.appendingPathComponent("templates/hoist.yml")
        #expect(Templates.hoistYML == (try String(contentsOf: file, encoding: .utf8)))
    }

    @Test("writes a valid hoist.yml named after the folder, and refuses to overwrite without --force")
    func writesAndRefuses() throws {
        let folder = try HoistBinary.temporaryFolder().appendingPathComponent("My Shop_API")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let first = try HoistBinary.runProcess(
            HoistBinary.executable, ["init"], environment: ["PATH": "/usr/bin:/bin"], directory: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let written = try String(contentsOf: folder.appendingPathComponent("hoist.yml"), encoding: .utf8)
        #expect(written.contains("project: my-shop-api"))
        let second = try HoistBinary.runProcess(
            HoistBinary.executable, ["init"], environment: ["PATH": "/usr/bin:/bin"], directory: folder)
        #expect(second.status == 1)
        #expect(second.stderr.contains("exists; pass --force"))
        let forced = try HoistBinary.runProcess(
            HoistBinary.executable, ["init", "--force", "--project", "shop"], environment: ["PATH": "/usr/bin:/bin"],
            directory: folder)
        #expect(forced.status == 0)
        #expect(
            try String(contentsOf: folder.appendingPathComponent("hoist.yml"), encoding: .utf8).contains(
                "project: shop"))
    }

    @Test("project names are made valid")
    func names() {
        #expect(InitCommand.projectName("My Shop_API") == "my-shop-api")
        #expect(InitCommand.projectName("123") == "app-123")
        #expect(InitCommand.projectName("--x--") == "x")
    }
}
