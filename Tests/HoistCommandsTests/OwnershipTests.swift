import Foundation
import HoistAWS
import HoistCore
import HoistTestSupport
import Testing

/// Ownership by tags, as the real binary against moto (auth enforced): names that collide across projects and
/// stages are conflicts, never takeovers; a deployment made by hand is adopted only when asked.
@Suite("Ownership by tags (binary, moto)", .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct OwnershipTests {
    /// A project folder for `project` (its config as PlanDeployCommandTests writes it).
    static func folder(project: String) throws -> URL {
        let folder = try PlanDeployCommandTests.project()
        try PlanDeployCommandTests.config(memory: 512, name: project).write(
            to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        return folder
    }

    static func hoist(_ arguments: [String], _ folder: URL, endpoint: String, stage: String? = nil) throws
        -> HoistBinary.Result
    {
        // destroy builds nothing, so it takes no bootstrap.
        let build =
            arguments.first == "destroy"
            ? [] : ["--bootstrap", folder.appendingPathComponent("boot").path, "--no-gate"]
        return try HoistBinary.run(
            arguments + ["--config", folder.appendingPathComponent("hoist.yml").path, "--endpoint-url", endpoint]
                + build + (stage.map { ["--stage", $0] } ?? []),
            environment: PlanDeployCommandTests.environment(try HoistBinary.moto()))
    }

    /// What another deployment must find untouched: each resource's settings and tags, read back.
    static func snapshot(_ base: String, _ client: AWSClient) async throws -> [String] {
        let lambda = Lambda(client: client)
        let function = try await lambda.getFunction(name: base)
        let role = try await IAM(client: client).getRole(name: base)
        let dynamo = DynamoDB(client: client)
        let table = try await dynamo.describeTable(name: "\(base)-users")
        let apis = try await APIGatewayV2(client: client).getApis().filter { $0.name == base }
        let logs = try await CloudWatchLogs(client: client).listTags(name: "/aws/lambda/\(base)")
        return [
            "function \(function.configuration?.memorySize ?? 0) \(function.configuration?.codeSha256 ?? "") "
                + "\(function.configuration?.revisionId ?? "") \((function.tags ?? [:]).sorted { $0.key < $1.key })",
            "role \(role.tags.sorted { $0.key < $1.key })",
            "table \(try await dynamo.listTagsOfResource(arn: table.tableArn ?? "").sorted { $0.key < $1.key })",
            "apis \(apis.map { "\($0.apiId ?? "") \(($0.tags ?? [:]).sorted { $0.key < $1.key })" })",
            "logs \(logs.sorted { $0.key < $1.key })",
        ]
    }

    @Test("movies-api/dev, movies/api-dev and a stage dev-rotate: none can change or delete another's resources")
    func collisions() async throws {
        let moto = try HoistBinary.moto()
        let client = try DeploymentFaultTests.client(endpoint: moto.endpoint)
        let prefix = "co\(UUID().uuidString.prefix(5).lowercased())"
        let first = try Self.folder(project: "\(prefix)-api")
        let second = try Self.folder(project: prefix)
        let log = first.appendingPathComponent("proxy.log")
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--log", log.path])
        defer { proxy.terminate() }

        let deployed = try Self.hoist(["deploy", "--yes"], first, endpoint: proxy.endpoint)
        #expect(deployed.status == 0, "\(deployed.stderr)")
        let base = "\(prefix)-api-dev"
        let before = try await Self.snapshot(base, client)

        // The other pair gets the same names: its plan names each clash and whose it is, and nothing is written.
        let lines = PlanFileTests.lineCount(log)
        let plan = try Self.hoist(["plan"], second, endpoint: proxy.endpoint, stage: "api-dev")
        #expect(plan.status == 1)
        for address in ["function.\(base)", "role.\(base)", "api.\(base)", "table.\(base)-users"] {
            #expect(
                plan.stderr.contains("\(address) exists and belongs to project \(prefix)-api, stage dev"),
                "\(plan.stderr)")
        }
        let deploy = try Self.hoist(["deploy", "--yes"], second, endpoint: proxy.endpoint, stage: "api-dev")
        #expect(deploy.status == 1)
        let destroy = try Self.hoist(
            ["destroy", "--yes", "--delete-data"], second, endpoint: proxy.endpoint, stage: "api-dev")
        #expect(destroy.status == 0, "\(destroy.stderr)")
        #expect(destroy.stdout.contains("left alone: function.\(base) belongs to project \(prefix)-api, stage dev"))
        let writes = try PlanFileTests.writes(in: log, after: lines)
        #expect(writes.isEmpty, "\(writes)")
        #expect(try await Self.snapshot(base, client) == before)

        // A stage that ends in -rotate would take dev's rotation names: refused before any call.
        let refusedAt = PlanFileTests.lineCount(log)
        let refused = try Self.hoist(["plan"], first, endpoint: proxy.endpoint, stage: "dev-rotate")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("ends in '-rotate'"), "\(refused.stderr)")
        #expect(PlanFileTests.lineCount(log) == refusedAt, "no AWS call for a refused config")

        let removed = try Self.hoist(["destroy", "--yes", "--delete-data"], first, endpoint: proxy.endpoint)
        #expect(removed.status == 0, "\(removed.stderr)")
    }

    /// Runs the AWS CLI against moto with the test bed's keys.
    static func aws(_ arguments: [String], endpoint: String) throws -> HoistBinary.Result {
        let moto = try HoistBinary.moto()
        return try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["aws", "--endpoint-url", endpoint, "--output", "json"] + arguments,
            environment: PlanDeployCommandTests.environment(moto).merging(
                [
                    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                    "HOME": NSTemporaryDirectory(),
                    "AWS_DEFAULT_REGION": "us-east-1",
                ]
            ) { _, new in new })
    }

    @Test("a role, table and function made untagged by the AWS CLI: plan exits 1 naming them; --adopt takes them over")
    func adopt() async throws {
        let moto = try HoistBinary.moto()
        let project = "ad\(UUID().uuidString.prefix(6).lowercased())"
        let base = "\(project)-dev"
        let folder = try Self.folder(project: project)
        let trust = PolicyDocument.lambdaTrust
        let role = try Self.aws(
            ["iam", "create-role", "--role-name", base, "--assume-role-policy-document", trust], endpoint: moto.endpoint
        )
        #expect(role.status == 0, "\(role.stderr)")
        let table = try Self.aws(
            [
                "dynamodb", "create-table", "--table-name", "\(base)-users", "--attribute-definitions",
                "AttributeName=username,AttributeType=S", "--key-schema", "AttributeName=username,KeyType=HASH",
                "--billing-mode", "PAY_PER_REQUEST",
            ], endpoint: moto.endpoint)
        #expect(table.status == 0, "\(table.stderr)")
        let zip = try DeploymentEngineTests().makeZip("#!/bin/sh\necho by hand\n")
        let function = try Self.aws(
            [
                "lambda", "create-function", "--function-name", base, "--runtime", "provided.al2023", "--handler",
                "bootstrap", "--role", "arn:aws:iam::123456789012:role/\(base)", "--zip-file",
                "fileb://\(zip.path ?? "")",
            ], endpoint: moto.endpoint)
        #expect(function.status == 0, "\(function.stderr)")

        let plan = try Self.hoist(["plan"], folder, endpoint: moto.endpoint)
        #expect(plan.status == 1)
        for address in ["role.\(base)", "table.\(base)-users", "function.\(base)"] {
            #expect(plan.stderr.contains("\(address) exists and belongs to no hoist project"), "\(plan.stderr)")
            #expect(plan.stderr.contains("pass --adopt"))
        }
        let adopted = try Self.hoist(["deploy", "--adopt", "--yes"], folder, endpoint: moto.endpoint)
        #expect(adopted.status == 0, "\(adopted.stdout)\(adopted.stderr)")
        #expect(adopted.stdout.contains("& adopt function.\(base)"), "\(adopted.stdout)")
        let clean = try Self.hoist(["plan", "--detailed-exitcode"], folder, endpoint: moto.endpoint)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        let client = try DeploymentFaultTests.client(endpoint: moto.endpoint)
        #expect(try await Lambda(client: client).getFunction(name: base).tags?["hoist:project"] == project)
        #expect(try await IAM(client: client).getRole(name: base).tags["hoist:stage"] == "dev")
        _ = try Self.hoist(["destroy", "--yes", "--delete-data"], folder, endpoint: moto.endpoint)
    }

    @Test("an artifact bucket of hoist's name held by another account: plan exits 1 naming it, nothing uploaded")
    func foreignBucket() async throws {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        // 6 MiB of random bytes go through S3 with a 1 MB direct limit.
        var generator = SplitMix64(seed: 5)
        try Data((0..<(6 << 20)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }).write(
            to: folder.appendingPathComponent("boot"))
        let config = folder.appendingPathComponent("hoist.yml")
        let base = try String(contentsOf: config, encoding: .utf8) + "\nupload:\n  direct_limit_mb: 1\n"
        try base.write(to: config, atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("proxy.log")
        let bucket = "hoist-123456789012-us-east-1"
        let proxy = try HoistBinary.startProxy(
            upstream: moto.endpoint, extra: ["--log", log.path, "--foreign-bucket", bucket])
        defer { proxy.terminate() }

        for command in [["plan"], ["deploy", "--yes"]] {
            let result = try Self.hoist(command, folder, endpoint: proxy.endpoint)
            #expect(result.status == 1, "\(result.stdout)")
            #expect(
                result.stderr.contains("artifact_bucket.\(bucket) exists and belongs to another AWS account"),
                "\(result.stderr)")
            #expect(result.stderr.contains("upload: {bucket: …}"), "the way out is named: \(result.stderr)")
        }
        #expect(PlanDeployCommandTests.writes(in: log).isEmpty, "\(PlanDeployCommandTests.writes(in: log))")

        // The way out: a bucket of this account named in hoist.yml.
        let own = "own-\(UUID().uuidString.prefix(8).lowercased())-artifacts"
        try (base + "  bucket: \(own)\n").write(to: config, atomically: true, encoding: .utf8)
        let deployed = try Self.hoist(["deploy", "--yes"], folder, endpoint: proxy.endpoint)
        #expect(deployed.status == 0, "\(deployed.stdout)\(deployed.stderr)")
        #expect(deployed.stdout.contains("s3://\(own)/"), "\(deployed.stdout)")
        _ = try Self.hoist(["destroy", "--yes", "--delete-data"], folder, endpoint: proxy.endpoint)
    }
}
