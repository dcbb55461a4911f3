import Foundation
import Testing

/// `hoist secrets rotate / status / set` as the real binary against moto (auth enforced), after a deploy.
@Suite("hoist secrets (binary, moto)", .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct SecretsCommandTests {
    /// Every version's value of a secret, read with boto3 (the test's side only).
    static func values(_ moto: HoistBinary.Moto, secret: String) throws -> [String] {
        let script = """
            import boto3, json
            sm = boto3.client("secretsmanager", endpoint_url="\(moto.endpoint)", region_name="us-east-1",
                aws_access_key_id="\(moto.accessKeyId)", aws_secret_access_key="\(moto.secretAccessKey)")
            versions = sm.list_secret_version_ids(SecretId="\(secret)", IncludeDeprecated=True)["Versions"]
            print(json.dumps([sm.get_secret_value(SecretId="\(secret)", VersionId=v["VersionId"])["SecretString"]
                              for v in versions]))
            """
        let result = try HoistBinary.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String] ?? []
    }

    /// Runs hoist with `input` on standard input.
    static func run(_ arguments: [String], input: String, environment: [String: String]) throws -> HoistBinary.Result {
        let folder = try HoistBinary.temporaryFolder()
        let inputFile = folder.appendingPathComponent("in")
        try input.write(to: inputFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = HoistBinary.executable
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "AWS_EC2_METADATA_DISABLED": "true"]
            .merging(environment) { $1 }
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return HoistBinary.Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("deploy, rotate twice, status, set from stdin, plan: no secret value in any output or file")
    func lifecycleLeaksNothing() throws {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        let yml = folder.appendingPathComponent("hoist.yml")
        let project = try #require(
            try String(contentsOf: yml, encoding: .utf8).split(separator: "\n").first?.split(separator: " ").last)
        let secret = "\(project)/dev/JWT_SECRET_KEY"
        let environment = PlanDeployCommandTests.environment(moto)
        let common = ["--config", yml.path, "--endpoint-url", moto.endpoint]
        let artifacts = ["--bootstrap", "boot", "--no-gate"]
        var outputs: [String] = []
        func hoist(_ arguments: [String]) throws -> HoistBinary.Result {
            let result = try HoistBinary.run(arguments + common, environment: environment)
            outputs += [result.stdout, result.stderr]
            return result
        }

        let deploy = try hoist(["deploy", "--yes"] + artifacts)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        let dry = try hoist(["secrets", "rotate", "JWT_SECRET_KEY", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would write a new version"))
        #expect(try Self.values(moto, secret: secret).count == 1, "a dry run writes nothing")
        for _ in 0..<2 {
            let rotate = try hoist(["secrets", "rotate", "JWT_SECRET_KEY"])
            #expect(rotate.status == 0, "\(rotate.stderr)")
            #expect(rotate.stdout.contains("AWSCURRENT") && rotate.stdout.contains("AWSPREVIOUS"))
        }
        let status = try hoist(["secrets", "status"])
        #expect(status.status == 0, "\(status.stderr)")
        let lines = status.stdout.split(separator: "\n").dropFirst().map(String.init)
        #expect(lines.count == 3, "\(status.stdout)")
        #expect(
            lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "" } == [
                "AWSCURRENT", "AWSPREVIOUS", "-",
            ])
        let statusJSON = try hoist(["secrets", "status", "--format", "json"])
        #expect(statusJSON.status == 0)

        let chosen = "set-by-test-" + UUID().uuidString + UUID().uuidString
        let set = try Self.run(
            ["secrets", "set", "JWT_SECRET_KEY"] + common, input: chosen + "\n", environment: environment)
        outputs += [set.stdout, set.stderr]
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("is AWSCURRENT"))
        #expect(try Self.values(moto, secret: secret).contains(chosen), "the trailing newline is dropped")

        let refused = try Self.run(
            ["secrets", "set", "JWT_SECRET_KEY", "argument-value-\(chosen)"] + common, input: "",
            environment: environment)
        outputs += [refused.stdout, refused.stderr]
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("standard input only"))
        let refusedOption = try Self.run(
            ["secrets", "set", "JWT_SECRET_KEY", "--value=option-value"] + common, input: "", environment: environment)
        #expect(refusedOption.status == 1)
        #expect(!refusedOption.stderr.contains("option-value"))
        #expect(try Self.values(moto, secret: secret).count == 4, "a refused set writes nothing")

        let plan = try hoist(
            ["plan", "--detailed-exitcode", "--out", folder.appendingPathComponent("plan.json").path] + artifacts)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let planJSON = try hoist(["plan", "--format", "json"] + artifacts)
        #expect(planJSON.status == 0)

        // Every value any version ever held, against every output and every file under the project (.hoist/,
        // plan.json).
        let values = try Self.values(moto, secret: secret)
        #expect(values.count == 4)
        let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .compactMap { try? Data(contentsOf: folder.appendingPathComponent($0)) }
            .map { String(decoding: $0, as: UTF8.self) }
        #expect(files.count >= 3)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".hoist").path))
        for value in values {
            for text in outputs + files { #expect(!text.contains(value)) }
        }
        #expect(!refused.stderr.contains("argument-value"))
    }

    @Test("an unknown secret name is refused before any AWS call")
    func unknownName() throws {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        let result = try HoistBinary.run(
            ["secrets", "rotate", "NOPE", "--config", folder.appendingPathComponent("hoist.yml").path],
            environment: PlanDeployCommandTests.environment(moto))
        #expect(result.status == 1)
        #expect(result.stderr.contains("NOPE is not a secret"))
    }

    @Test("a secret that was never deployed: rotate says so and exits 1")
    func notDeployed() throws {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        let result = try HoistBinary.run(
            [
                "secrets", "rotate", "JWT_SECRET_KEY", "--config", folder.appendingPathComponent("hoist.yml").path,
                "--endpoint-url", moto.endpoint,
            ], environment: PlanDeployCommandTests.environment(moto))
        #expect(result.status == 1)
        #expect(result.stderr.contains("does not exist"), "\(result.stderr)")
    }
}
