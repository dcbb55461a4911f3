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
        let name = "hello\(UUID().uuidString.prefix(6).lowercased())"
        let folder = try HoistBinary.temporaryFolder().appendingPathComponent(name)
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
        #expect(
            answer.stdout == #"{"message":"hello from \#(name)-dev","path":"/hi%20there"}"#, "\(answer.stderr)")
        #expect(dev.stop() == 0)
        guard HoistBinary.motoShouldRun else { return }

        // Deploy it to moto, then run hoist dev against the deployment: the secret's real ARN, the endpoint.
        let moto = try HoistBinary.moto()
        let credentials = [
            "AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey,
            "AWS_REGION": "us-east-1",
        ]
        let deploy = try HoistBinary.runProcess(
            HoistBinary.executable, ["deploy", "--yes", "--config", "hoist.yml", "--endpoint-url", moto.endpoint],
            environment: environment.merging(credentials) { _, new in new }, directory: folder)
        #expect(deploy.status == 0, "\(deploy.stdout)\n\(deploy.stderr)")
        let echo = HoistBinary.packageRoot.appendingPathComponent("Tests/HoistDevTests/Fixtures/echo_bootstrap.py")
        let deployed = try DevCommandTests.RunningDev(
            folder: folder, arguments: ["--bootstrap", echo.path, "--endpoint-url", moto.endpoint],
            environment: credentials, region: "us-east-1")
        let result = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-sS", "http://127.0.0.1:\(deployed.port)/env"])
        #expect(deployed.stop() == 0)
        let echoed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let variables = try #require(echoed["variables"] as? [String: String])
        let arn = try #require(variables["JWT_SECRET_ARN"])
        #expect(arn.hasPrefix("arn:aws:secretsmanager:us-east-1:"))
        #expect(arn.contains(":secret:\(name)/dev/JWT_SECRET_KEY-"), "the ARN with its suffix, from DescribeSecret")
        #expect(variables["AWS_ENDPOINT_URL"] == moto.endpoint)
        #expect(variables["AWS_ACCESS_KEY_ID"] == moto.accessKeyId)
        #expect(variables["USERS_TABLE"] == "\(name)-dev-users")
        #expect(!deployed.log.contains("no AWS identity"), "\(deployed.log)")
    }
}
