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

@Suite("hoist init --backend")
struct InitBackendTests {
    @Test("the embedded backend is templates/backend to the byte")
    func templatesInSync() throws {
        let root = HoistBinary.packageRoot.appendingPathComponent("templates/backend")
        #expect(
            Templates.backendPackage
                == (try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)))
        #expect(
            Templates.backendMain
                == (try String(contentsOf: root.appendingPathComponent("Sources/Backend/main.swift"), encoding: .utf8)))
    }

    @Test("writes a backend that hoist build accepts (static, gate passes) and hoist dev serves; refuses to overwrite")
    func backendBuildsAndServes() throws {
        let folder = try HoistBinary.temporaryFolder().appendingPathComponent("hello-api")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let first = try HoistBinary.runProcess(
            HoistBinary.executable, ["init", "--backend"], environment: path, directory: folder)
        #expect(first.status == 0, "\(first.stderr)")
        for file in ["hoist.yml", "Package.swift", "Sources/Backend/main.swift"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path))
        }
        // hoist.yml alone may exist; a backend file blocks --backend without --force.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("hoist.yml"))
        let second = try HoistBinary.runProcess(
            HoistBinary.executable, ["init", "--backend"], environment: path, directory: folder)
        #expect(second.status == 1)
        #expect(second.stderr.contains("Package.swift exists; pass --force"))
        let forced = try HoistBinary.runProcess(
            HoistBinary.executable, ["init", "--backend", "--force"], environment: path, directory: folder)
        #expect(forced.status == 0, "\(forced.stderr)")

        var environment = path
        environment["HOME"] = ProcessInfo.processInfo.environment["HOME"] ?? folder.path
        let build = try HoistBinary.runProcess(
            HoistBinary.executable, ["build", "--config", "hoist.yml"], environment: environment, directory: folder)
        #expect(build.status == 0, "\(build.stdout)\n\(build.stderr)")
        #expect(build.stdout.contains("static, no dynamic section"), "\(build.stdout)")
        #expect(build.stdout.contains("loads on provided.al2023"))

        let dev = try DevCommandTests.RunningDev(folder: folder, arguments: ["--bootstrap", ".hoist/build/bootstrap"])
        let answer = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-sS", "http://127.0.0.1:\(dev.port)/hi%20there"])
        #expect(answer.stdout == #"{"message":"hello from hello-api-dev","path":"/hi%20there"}"#, "\(answer.stderr)")
        #expect(dev.stop() == 0)
    }
}
