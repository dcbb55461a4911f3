import Foundation
import HoistCore
import Testing

@testable import HoistCommands

/// A python3.11 backend (fixtures in `Fixtures/python-backend`, `Fixtures/python-glibc`) through the real binary.
enum PythonFixtures {
    static let fixtures = HoistBinary.packageRoot.appendingPathComponent("Tests/HoistCommandsTests/Fixtures")
    static let glibcObject = HoistBinary.packageRoot.appendingPathComponent(
        "Tests/HoistPackagingTests/Fixtures/elf/ext-needs-glibc-2.34.so")

    /// Whether PyPI answers; tests that install from it skip without it unless HOIST_REQUIRE_MOTO=1 (CI).
    static let pypiReachable: Bool = {
        let probe = try? HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["curl", "-s", "-o", "/dev/null", "--max-time", "10", "-w", "%{http_code}", "https://pypi.org/simple/pip/"])
        return probe?.stdout == "200"
    }()
    static var pypiShouldRun: Bool { pypiReachable || HoistBinary.motoRequired }

    /// A copy of a fixture folder under a fresh temporary folder, with a unique project name unless told not to.
    static func copy(_ name: String, renamed: Bool = true) throws -> (folder: URL, project: String) {
        let folder = try HoistBinary.temporaryFolder().appendingPathComponent(name)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: folder)
        if !renamed { return (folder, "") }
        let project = "py\(UUID().uuidString.prefix(8).lowercased())"
        let config = folder.appendingPathComponent("hoist.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: #"project: [a-z]+"#, with: "project: \(project)", options: .regularExpression)
            .write(to: config, atomically: true, encoding: .utf8)
        return (folder, project)
    }

    /// Files the code zip must leave out (the seed's excludes and the Python ones), and one it must keep.
    static func addClutter(to folder: URL) throws {
        let files = [
            "__pycache__/lambda_function.cpython-311.pyc", "utils/__pycache__/helpers.cpython-311.pyc",
            "python/stale.py", ".git/HEAD", "packages/vendored.txt", "old-build.zip", "NOTES.md", "utils/helpers.py",
        ]
        for file in files {
            let url = folder.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x = 1\n".utf8).write(to: url)
        }
    }

    /// pip's settings for the child: certificates as on this machine, a shared download cache.
    static func pipEnvironment() -> [String: String] {
        var environment = ["PIP_CACHE_DIR": NSTemporaryDirectory() + "hoist-test-pip-cache"]
        for name in ["PIP_CERT", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "HTTPS_PROXY", "https_proxy", "NO_PROXY"] {
            if let value = ProcessInfo.processInfo.environment[name] { environment[name] = value }
        }
        return environment
    }

    /// The entries of a zip, from `unzip -Z1`.
    static func entries(_ zip: URL) throws -> [String] {
        let listing = try HoistBinary.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["unzip", "-Z1", zip.path])
        #expect(listing.status == 0, "\(listing.stderr)")
        return listing.stdout.split(separator: "\n").map(String.init)
    }

    /// The wheel of `hoistglibc` (a shared object needing GLIBC_2.34) in a fresh folder, for `PIP_FIND_LINKS`.
    static func glibcWheelFolder() throws -> URL {
        let wheels = try HoistBinary.temporaryFolder()
        let made = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", fixtures.appendingPathComponent("python-glibc/make_wheel.py").path, wheels.path,
                glibcObject.path,
            ])
        #expect(made.status == 0, "\(made.stderr)")
        return wheels
    }
}

@Suite("Python backends: pip layer and code zip (binary, no AWS)")
struct PythonPackagingCommandTests {
    @Test("a wheel whose .so needs GLIBC_2.34 is refused for python3.11 (glibc 2.26), the wheel named, exit 1")
    func glibcRefusedAtPackage() throws {
        let (folder, _) = try PythonFixtures.copy("python-glibc")
        let wheels = try PythonFixtures.glibcWheelFolder()
        let result = try HoistBinary.run(
            ["package", "--config", folder.appendingPathComponent("hoist.yml").path],
            environment: ["PIP_FIND_LINKS": wheels.path, "PIP_NO_INDEX": "1"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("incompatible-wheel"), "\(result.stderr)")
        #expect(result.stderr.contains("hoistglibc-1.0-cp311-cp311-manylinux2014_x86_64.whl"), "\(result.stderr)")
        #expect(result.stderr.contains("hoistglibc/_native.so"))
        #expect(result.stderr.contains("GLIBC_2.34") && result.stderr.contains("2.26"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".hoist/dist/layer.zip").path))
    }

    @Test("pip's failure names the package that failed, exit 1")
    func pipFailureNamesPackage() throws {
        let (folder, _) = try PythonFixtures.copy("python-glibc")
        let config = folder.appendingPathComponent("hoist.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "[hoistglibc]", with: "[no-such-dist-hoist-zz]")
            .write(to: config, atomically: true, encoding: .utf8)
        let empty = try HoistBinary.temporaryFolder()
        let result = try HoistBinary.run(
            ["build", "--config", config.path], environment: ["PIP_FIND_LINKS": empty.path, "PIP_NO_INDEX": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("pip could not install no-such-dist-hoist-zz"), "\(result.stderr)")
        #expect(result.stderr.contains("No matching distribution found for no-such-dist-hoist-zz"))
    }

    @Test(
        "build installs the layer, package writes byte-identical zips in two folders; layer holds python/jwt",
        .enabled(if: PythonFixtures.pypiShouldRun, "PyPI is unreachable and HOIST_REQUIRE_MOTO is not set"))
    func deterministicZips() throws {
        var zips: [(layer: Data, code: Data)] = []
        for _ in 0..<2 {
            let (folder, _) = try PythonFixtures.copy("python-backend", renamed: false)
            try PythonFixtures.addClutter(to: folder)
            let config = folder.appendingPathComponent("hoist.yml").path
            let build = try HoistBinary.run(
                ["build", "--config", config], environment: PythonFixtures.pipEnvironment())
            #expect(build.status == 0, "\(build.stderr)")
            #expect(build.stdout.contains("nothing to compile"))
            let package = try HoistBinary.run(
                ["package", "--config", config], environment: PythonFixtures.pipEnvironment())
            #expect(package.status == 0, "\(package.stderr)")
            #expect(package.stderr.contains("unchanged requirements: reused"), "\(package.stderr)")
            let dist = folder.appendingPathComponent(".hoist/dist")
            zips.append(
                (
                    try Data(contentsOf: dist.appendingPathComponent("layer.zip")),
                    try Data(contentsOf: dist.appendingPathComponent("code.zip"))
                ))
            let layer = try PythonFixtures.entries(dist.appendingPathComponent("layer.zip"))
            #expect(layer.allSatisfy { $0.hasPrefix("python/") })
            #expect(layer.contains("python/jwt/__init__.py") && layer.contains("python/passlib/__init__.py"))

            // The local launch's path works: with only the code folder and the layer importable (-S: no
            // site-packages of this machine), the handler signs a JWT and hashes with passlib's bcrypt.
            let launch = try #require(
                try ArtifactPipeline.pythonLaunch(HoistConfig.load(path: config).resolved()))
            let call = """
                import json, lambda_function
                event = {"rawPath": "/login", "body": json.dumps({"username": "ann", "password": "pw"})}
                print(json.loads(lambda_function.lambda_handler(event, None)["body"])["hash"][:4])
                """
            let answered = try HoistBinary.runProcess(
                URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-S", "-c", call],
                environment: launch.environment.merging([
                    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
                ]) { $1 },
                directory: URL(fileURLWithPath: launch.workingDirectory))
            #expect(answered.stdout == "$2b$\n", "\(answered.stderr)")
        }
        #expect(zips[0].layer == zips[1].layer, "two pip installs gave different layer zips")
        #expect(zips[0].code == zips[1].code)
    }
}

@Suite(
    "Python backends against moto (binary)",
    .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct PythonDeployCommandTests {
    @Test(
        "the fixture deploys: python3.11, its handler, a 21 MB layer through S3 multipart; a second plan is empty",
        .enabled(if: PythonFixtures.pypiShouldRun, "PyPI is unreachable and HOIST_REQUIRE_MOTO is not set"))
    func deploy() throws {
        let moto = try HoistBinary.moto()
        let (folder, project) = try PythonFixtures.copy("python-backend")
        try PythonFixtures.addClutter(to: folder)
        let log = folder.deletingLastPathComponent().appendingPathComponent("proxy.log")
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--log", log.path])
        defer { proxy.terminate() }
        let common = ["--config", folder.appendingPathComponent("hoist.yml").path, "--endpoint-url", proxy.endpoint]
        let environment = PlanDeployCommandTests.environment(moto, extra: PythonFixtures.pipEnvironment())

        let deploy = try HoistBinary.run(["deploy", "--yes"] + common, environment: environment)
        #expect(deploy.status == 0, "\(deploy.stdout)\(deploy.stderr)")
        #expect(deploy.stdout.contains("API: https://"))

        let dist = folder.appendingPathComponent(".hoist/dist")
        let layer = try PythonFixtures.entries(dist.appendingPathComponent("layer.zip"))
        #expect(layer.contains("python/jwt/__init__.py"))
        #expect(layer.contains("python/passlib/__init__.py"))
        #expect(layer.contains("python/boto3/__init__.py"))
        #expect(layer.allSatisfy { $0.hasPrefix("python/") })
        let code = try PythonFixtures.entries(dist.appendingPathComponent("code.zip"))
        #expect(Set(code) == ["hoist.yml", "lambda_function.py", "requirements.txt", "utils/helpers.py"], "\(code)")

        let manifestData = try Data(contentsOf: dist.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let artifacts = try #require(manifest["artifacts"] as? [[String: Any]])
        let layerArtifact = try #require(artifacts.first { $0["name"] as? String == "layer" })
        let layerHex = try #require(layerArtifact["sha256"] as? String)
        #expect((layerArtifact["bytes"] as? Int ?? 0) > 15_000_000)
        // Multipart: one POST to start, parts as PUTs, one POST to complete, all on the layer's key.
        let calls = (try String(contentsOf: log, encoding: .utf8)).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let onLayer = calls.filter { ($0["path"] as? String ?? "").contains(layerHex) }
        #expect(onLayer.filter { $0["method"] as? String == "POST" }.count == 2, "\(onLayer)")
        #expect(onLayer.filter { $0["method"] as? String == "PUT" }.count >= 2, "\(onLayer)")

        let check = """
            import boto3, hashlib, json
            aws = dict(endpoint_url="\(moto.endpoint)", region_name="us-east-1",
                aws_access_key_id="\(moto.accessKeyId)", aws_secret_access_key="\(moto.secretAccessKey)")
            client = boto3.client("lambda", **aws)
            # moto checks a bodyless GET's signature only when the payload hash is signed (AWS-NOTES).
            def sign_payload_hash(request, **_):
                request.headers["x-amz-content-sha256"] = hashlib.sha256(request.body or b"").hexdigest()
            client.meta.events.register("before-sign.lambda.*", sign_payload_hash)
            function = client.get_function_configuration(FunctionName="\(project)-dev")
            print(json.dumps([function["Runtime"], function["Handler"], len(function.get("Layers", []))]))
            """
        let described = try HoistBinary.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", check])
        #expect(
            described.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"["python3.11", "lambda_function.lambda_handler", 1]"#, "\(described.stderr)")

        try Data().write(to: log)
        let again = try HoistBinary.run(["plan", "--detailed-exitcode"] + common, environment: environment)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stderr.contains("unchanged requirements: reused"))
        #expect(PlanDeployCommandTests.writes(in: log).isEmpty)
    }

    @Test("a wheel needing a newer glibc than the runtime's is refused before any upload")
    func glibcRefusedBeforeUpload() throws {
        let moto = try HoistBinary.moto()
        let (folder, _) = try PythonFixtures.copy("python-glibc")
        let wheels = try PythonFixtures.glibcWheelFolder()
        let log = folder.deletingLastPathComponent().appendingPathComponent("proxy.log")
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--log", log.path])
        defer { proxy.terminate() }
        let result = try HoistBinary.run(
            [
                "deploy", "--yes", "--config", folder.appendingPathComponent("hoist.yml").path, "--endpoint-url",
                proxy.endpoint,
            ],
            environment: PlanDeployCommandTests.environment(
                moto, extra: ["PIP_FIND_LINKS": wheels.path, "PIP_NO_INDEX": "1"]))
        #expect(result.status == 1)
        #expect(result.stderr.contains("hoistglibc-1.0-cp311-cp311-manylinux2014_x86_64.whl"), "\(result.stderr)")
        #expect(result.stderr.contains("GLIBC_2.34"))
        #expect(PlanDeployCommandTests.writes(in: log).isEmpty, "\(PlanDeployCommandTests.writes(in: log))")
        let calls = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(!calls.contains("\"PUT\"") && !calls.contains("PublishLayerVersion"), "\(calls)")
    }
}

@Suite("Python backends: the local launch hoist dev will use")
struct PythonLaunchTests {
    @Test("a python3.x config gives python3 -m awslambdaric <handler> in the code folder; provided.* gives none")
    func launchFromConfig() throws {
        let (folder, _) = try PythonFixtures.copy("python-glibc")
        let config = folder.appendingPathComponent("hoist.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "requirements: [hoistglibc]\n", with: "")
            .write(to: config, atomically: true, encoding: .utf8)
        let launch = try #require(try ArtifactPipeline.pythonLaunch(HoistConfig.load(path: config.path)))
        #expect(launch.arguments == ["-m", "awslambdaric", "lambda_function.lambda_handler"])
        #expect(launch.workingDirectory == folder.path)
        #expect(launch.environment["PYTHONPATH"] == folder.path)
        #expect(
            ArtifactPipeline.handlerModuleFiles("functions.users.handler")
                == ["functions/users.py", "functions/users/__init__.py"])
        try text.replacingOccurrences(of: "lambda_function.lambda_handler", with: "app.main")
            .write(to: config, atomically: true, encoding: .utf8)
        let missing = try #require(throws: CommandError.self) {
            try ArtifactPipeline.checkHandlerModule(HoistConfig.load(path: config.path))
        }
        #expect(missing.message.contains("handler app.main needs app.py or app/__init__.py"))
        let swift = try HoistConfig.parse(yaml: "project: x\nbackend: {product: App}\n", file: "hoist.yml")
        #expect(try ArtifactPipeline.pythonLaunch(swift) == nil)
    }
}

@Suite("Python backends: the fixture under hoist dev (binary)")
struct PythonDevTests {
    @Test(
        "the fixture answers through hoist dev under awslambdaric; its token and hash verify in PyJWT and passlib",
        .enabled(if: PythonFixtures.pypiShouldRun, "PyPI is unreachable and HOIST_REQUIRE_MOTO is not set"))
    func fixtureAnswers() throws {
        let (folder, _) = try PythonFixtures.copy("python-backend")
        let dev = try DevCommandTests.RunningDev(
            folder: folder, arguments: ["--processes", "1"], environment: PythonFixtures.pipEnvironment())
        defer { _ = dev.stop() }
        let health = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-sS", "http://127.0.0.1:\(dev.port)/health"])
        #expect(health.stdout == #"{"ok": true}"#, "\(health.stdout)\n\(dev.log)")
        let login = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "curl", "-sS", "-X", "POST", "-d", #"{"username":"ada","password":"correct horse"}"#,
                "http://127.0.0.1:\(dev.port)/login",
            ])
        let answer = try #require(
            try JSONSerialization.jsonObject(with: Data(login.stdout.utf8)) as? [String: String],
            "\(login.stdout)\n\(dev.log)")
        let token = try #require(answer["token"])
        let hash = try #require(answer["hash"])
        // The layer's own jwt and passlib made them; the host's PyJWT and passlib check them.
        let check = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                "import sys, jwt; from passlib.hash import bcrypt; "
                    + "c = jwt.decode(sys.argv[1], 'fixture-secret', algorithms=['HS256']); "
                    + "print(c['sub'], bcrypt.verify('correct horse', sys.argv[2]))",
                token, hash,
            ])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ada True", "\(check.stderr)")
        #expect(dev.log.contains("POST /login 200"), "\(dev.log)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".hoist/python").path))
    }
}
