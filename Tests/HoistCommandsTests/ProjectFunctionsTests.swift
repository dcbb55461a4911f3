import Foundation
import HoistAWS
import HoistCore
import HoistCurl
import HoistTestSupport
import Testing

/// The multi-function example (examples/movies-project) as the real binary deploys it against moto, auth
/// enforced: what each of its three functions gets, read back from the services; no-op, one-function changes and
/// the removal of the worker. The products are shell scripts (`--bootstrap DIR`, one per product): what is proven
/// here is the deployment; the one swift build of several products is proven in BootstrapBuilderTests.
@Suite(
    "multi-function project (binary, moto)", .serialized,
    .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct ProjectFunctionsTests {
    /// A copy of the example's hoist.yml under a fresh project name, with a script per product.
    static func project() throws -> (folder: URL, name: String) {
        let folder = try HoistBinary.temporaryFolder()
        let name = "mf\(UUID().uuidString.prefix(6).lowercased())"
        let example = PackageCommandSupport.repositoryRoot + "/examples/movies-project/hoist.yml"
        let text = try String(contentsOfFile: example, encoding: .utf8)
            .replacingOccurrences(of: "project: cinema", with: "project: \(name)")
        try text.write(to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        let products = folder.appendingPathComponent("products")
        try FileManager.default.createDirectory(at: products, withIntermediateDirectories: true)
        for product in ["bootstrap", "worker", "nightly"] {
            try "#!/bin/sh\necho \(product)\n".write(
                to: products.appendingPathComponent(product), atomically: true, encoding: .utf8)
        }
        return (folder, name)
    }

    static func run(_ arguments: [String], _ folder: URL, proxy: String, _ moto: HoistBinary.Moto) throws
        -> ProcessResult
    {
        try HoistBinary.run(
            arguments + [
                "--config", folder.appendingPathComponent("hoist.yml").path, "--endpoint-url", proxy, "--bootstrap",
                "products", "--no-gate",
            ], environment: PlanDeployCommandTests.environment(moto))
    }

    /// `hoist destroy --yes --delete-data` of the project, which must succeed (the binary takes no `--bootstrap`).
    static func destroy(_ folder: URL, proxy: String, _ moto: HoistBinary.Moto) throws {
        let destroy = try HoistBinary.run(
            [
                "destroy", "--yes", "--delete-data", "--config", folder.appendingPathComponent("hoist.yml").path,
                "--endpoint-url", proxy,
            ], environment: PlanDeployCommandTests.environment(moto))
        #expect(destroy.status == 0, "\(destroy.stdout)\(destroy.stderr)")
    }

    static func edit(_ folder: URL, _ change: (String) -> String) throws {
        let file = folder.appendingPathComponent("hoist.yml")
        try change(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
    }

    /// The addresses a JSON plan changes, with their actions.
    static func changes(_ output: String) throws -> [String: String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        var result: [String: String] = [:]
        for resource in try #require(object["resources"] as? [[String: Any]]) {
            if let action = resource["action"] as? String, action != "no-op",
                let address = resource["address"] as? String
            {
                result[address] = action
            }
        }
        return result
    }

    /// A client through the proxy, for reading back.
    static func client(_ moto: HoistBinary.Moto, _ endpoint: String) -> AWSClient {
        AWSClient(
            transport: CurlTransport(), credentialProvider: StaticCredentialProvider(moto.credentials),
            region: moto.region, environment: AWSEnvironment(variables: [:], endpointOption: endpoint), sleep: { _ in })
    }

    /// The statements of a role's inline policy, by sid.
    static func statements(_ iam: IAM, role: String) async throws -> [String: [String: Any]] {
        let text = try await iam.getRolePolicy(roleName: role, policyName: "\(role)-execution")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var result: [String: [String: Any]] = [:]
        for statement in try #require(object["Statement"] as? [[String: Any]]) {
            result[statement["Sid"] as? String ?? ""] = statement
        }
        return result
    }

    static func strings(_ value: Any?) -> [String] { (value as? [String]) ?? (value as? String).map { [$0] } ?? [] }

    @Test("the example deploys three functions, each with exactly its own role, and every trigger reads back")
    func deploysAndReadsBack() async throws {
        let moto = try HoistBinary.moto()
        let (folder, name) = try Self.project()
        let log = folder.appendingPathComponent("proxy.log")
        let proxy = try HoistBinary.startProxy(
            upstream: moto.endpoint, extra: ["--log", log.path, "--resign-for-moto", moto.statePath])
        defer { proxy.terminate() }
        let deploy = try Self.run(["deploy", "--yes"], folder, proxy: proxy.endpoint, moto)
        #expect(deploy.status == 0, "\(deploy.stdout)\(deploy.stderr)")
        let base = "\(name)-dev"
        let client = Self.client(moto, proxy.endpoint)
        let lambda = Lambda(client: client)

        // Three functions, each sized as its entry says, each with its own role.
        var functions: [String: FunctionConfiguration] = [:]
        for function in ["api", "worker", "nightly"] {
            functions[function] = try #require(try await lambda.getFunction(name: "\(base)-\(function)").configuration)
            #expect(functions[function]?.role?.hasSuffix(":role/\(base)-\(function)") == true)
        }
        #expect(functions["api"]?.memorySize == 512 && functions["worker"]?.memorySize == 256)
        #expect(functions["worker"]?.timeout == 20 && functions["nightly"]?.timeout == 10)

        // The queue and its dead-letter queue: 6 × 20 s visibility, redrive after 3 receives.
        let sqs = SQS(client: client)
        let queueURL = try await sqs.getQueueUrl(name: "\(base)-worker")
        let queue = try await sqs.getQueueAttributes(queueUrl: queueURL)
        #expect(queue.visibilityTimeout == 120)
        #expect(queue.redrivePolicy?.maxReceiveCount == 3)
        #expect(queue.redrivePolicy?.deadLetterTargetArn.hasSuffix(":\(base)-worker-dlq") == true)
        let deadLetter = try await sqs.getQueueAttributes(
            queueUrl: try await sqs.getQueueUrl(name: "\(base)-worker-dlq"))
        #expect(deadLetter.messageRetentionPeriod == 14 * 86400)
        #expect(functions["api"]?.environment?.variables?["WORKER_QUEUE_URL"] == queueURL)

        // Each role allows exactly what its function uses.
        let iam = IAM(client: client)
        let queueArn = try #require(queue.queueArn)
        let api = try await Self.statements(iam, role: "\(base)-api")
        // users takes its own actions (GetItem, PutItem, DeleteItem), movies the default: two table statements.
        #expect(Set(api.keys) == ["Tables1", "Tables2", "Secrets", "Logs", "SendToQueues"])
        #expect(Self.strings(api["SendToQueues"]?["Resource"]) == [queueArn])
        #expect(Self.strings(api["SendToQueues"]?["Action"]) == ["sqs:SendMessage"])
        let worker = try await Self.statements(iam, role: "\(base)-worker")
        #expect(Set(worker.keys) == ["Tables", "Logs", "ReceiveFromQueue"])
        #expect(Self.strings(worker["ReceiveFromQueue"]?["Resource"]) == [queueArn])
        #expect(Self.strings(worker["Tables"]?["Resource"]).allSatisfy { $0.contains("table/\(base)-movies") })
        let nightly = try await Self.statements(iam, role: "\(base)-nightly")
        #expect(Set(nightly.keys) == ["Tables", "Logs"])
        #expect(Self.strings(nightly["Tables"]?["Resource"]).allSatisfy { $0.contains("table/\(base)-movies") })
        let nightlyTables = Self.strings(nightly["Tables"]?["Resource"])
        #expect(nightlyTables.count == 2)

        // The mapping hands batches of 5 to the worker's alias, with partial batch responses.
        let mappings = try await lambda.listEventSourceMappings(functionName: "\(base)-worker:live")
        #expect(mappings.count == 1)
        #expect(mappings.first?.batchSize == 5 && mappings.first?.reportsBatchItemFailures == true)
        #expect(mappings.first?.eventSourceArn == queueArn)

        // The schedule invokes the nightly alias with its payload, through its own role.
        let schedule = try await Scheduler(client: client).getSchedule(name: "\(base)-nightly")
        #expect(schedule.scheduleExpression == "cron(0 3 * * ? *)")
        #expect(schedule.target?.arn.hasSuffix(":function:\(base)-nightly:live") == true)
        #expect(schedule.target?.roleArn.hasSuffix(":role/\(base)-nightly-schedule") == true)
        #expect(schedule.target?.input == #"{"job":"report"}"#)
        let invoke = try await iam.getRolePolicy(
            roleName: "\(base)-nightly-schedule", policyName: "\(base)-nightly-schedule-invoke")
        #expect(invoke.contains("function:\(base)-nightly:live") && !invoke.contains("\(base)-api"))

        // The API's function URL, IAM-authenticated; the HTTP API's $default route to the API function's alias.
        let url = try await lambda.getFunctionUrlConfig(functionName: "\(base)-api", qualifier: "live")
        #expect(url.authType == "AWS_IAM")
        let gateway = APIGatewayV2(client: client)
        let apiId = try #require(try await gateway.getApis().first { $0.name == base }?.apiId)
        let routes = try await gateway.getRoutes(apiId: apiId)
        let integrations = try await gateway.getIntegrations(apiId: apiId)
        #expect(routes.map(\.routeKey) == ["$default"])
        let target = try #require(routes.first?.target)
        let integration = try #require(integrations.first { target.hasSuffix($0.integrationId ?? "-") })
        #expect(integration.integrationUri?.hasSuffix(":function:\(base)-api:live") == true)

        // Nothing left to do: plan exits 0, a deploy writes nothing. The saved plan names each product's zip, for
        // `hoist apply` to check on disk.
        let saved = folder.appendingPathComponent("plan.json")
        let plan = try Self.run(
            ["plan", "--detailed-exitcode", "--out", saved.path], folder, proxy: proxy.endpoint, moto)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let planned = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: saved)) as? [String: Any])
        #expect((planned["artifacts"] as? [[String: Any]])?.count == 3, "\(planned["artifacts"] ?? "none")")
        try Data().write(to: log)
        let again = try Self.run(["deploy", "--yes"], folder, proxy: proxy.endpoint, moto)
        #expect(again.status == 0)
        #expect(PlanDeployCommandTests.writes(in: log).isEmpty, "\(PlanDeployCommandTests.writes(in: log))")
    }

    /// The IAM actions of recorded traffic, as scripts/validate_requests.py identifies each request's operation,
    /// for the services whose action names are their operation names; the validator's findings must be none.
    static func actions(in traffic: URL) throws -> Set<String> {
        let check = try HoistBinary.validateRequests(traffic)
        #expect(check.status == 0 && check.stdout.contains(" 0 findings"), "\(check.stdout)")
        let services = ["lambda", "sqs", "scheduler", "iam", "logs", "dynamodb", "secretsmanager"]
        return Set(
            check.stdout.split(separator: "\n").compactMap { line -> String? in
                let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":")
                guard parts.count == 3, services.contains(String(parts[0])) else { return nil }
                return "\(parts[0]):\(parts[1])"
            })
    }

    @Test("a function on its own architecture deploys on it; moving it back is an update in place, triggers kept")
    func architecturePerFunction() async throws {
        let moto = try HoistBinary.moto()
        let (folder, name) = try Self.project()
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--resign-for-moto", moto.statePath])
        defer { proxy.terminate() }
        try Self.edit(folder) {
            $0.replacingOccurrences(
                of: "    product: nightly\n", with: "    product: nightly\n    architecture: arm64\n")
        }
        // --bootstrap DIR takes a product built for another architecture than the top-level one from
        // DIR/<product>@<architecture>: without it the deploy names the file it needs.
        let missing = try Self.run(["plan"], folder, proxy: proxy.endpoint, moto)
        #expect(missing.status == 1 && missing.stderr.contains("products/nightly@arm64"), "\(missing.stderr)")
        try "#!/bin/sh\necho nightly arm64\n".write(
            to: folder.appendingPathComponent("products/nightly@arm64"), atomically: true, encoding: .utf8)
        let first = try Self.run(["deploy", "--yes"], folder, proxy: proxy.endpoint, moto)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let base = "\(name)-dev"
        let lambda = Lambda(client: Self.client(moto, proxy.endpoint))
        func architectures(_ function: String) async throws -> [String] {
            try await lambda.getFunction(name: "\(base)-\(function)").configuration?.architectures ?? []
        }
        #expect(try await architectures("nightly") == ["arm64"])
        #expect(try await architectures("api") == ["x86_64"])
        #expect(try await architectures("worker") == ["x86_64"])
        #expect(try Self.run(["plan", "--detailed-exitcode"], folder, proxy: proxy.endpoint, moto).status == 0)

        try Self.edit(folder) { $0.replacingOccurrences(of: "    architecture: arm64\n", with: "") }
        let plan = try Self.run(["plan", "--format", "json"], folder, proxy: proxy.endpoint, moto)
        #expect(
            try Self.changes(plan.stdout) == [
                "function.\(base)-nightly": "update", "version.\(base)-nightly": "create",
                "alias.\(base)-nightly:live": "update",
            ])
        #expect(plan.stdout.contains("\"arm64\""))
        let moved = try Self.run(["deploy", "--yes"], folder, proxy: proxy.endpoint, moto)
        #expect(moved.status == 0, "\(moved.stdout)\(moved.stderr)")
        #expect(try await architectures("nightly") == ["x86_64"])
        // The alias moved to a new version, which runs on x86_64; the version before it stays on arm64.
        let alias = try await lambda.getAlias(functionName: "\(base)-nightly", name: "live")
        let versions = try await lambda.listVersionsByFunction(functionName: "\(base)-nightly")
        let live = try #require(versions.first { $0.version == alias.functionVersion })
        #expect(live.architectures == ["x86_64"] && live.version != "1")
        #expect(versions.first { $0.version == "1" }?.architectures == ["arm64"])
        #expect(try Self.run(["plan", "--detailed-exitcode"], folder, proxy: proxy.endpoint, moto).status == 0)
        try Self.destroy(folder, proxy: proxy.endpoint, moto)
    }

    @Test("one function's memory or code changes only that function; removing the worker deletes exactly its parts")
    func changesStayWithTheirFunction() async throws {
        let moto = try HoistBinary.moto()
        let (folder, name) = try Self.project()
        let traffic = folder.appendingPathComponent("traffic.jsonl")
        let proxy = try HoistBinary.startProxy(
            upstream: moto.endpoint, extra: ["--resign-for-moto", moto.statePath, "--record", traffic.path])
        defer { proxy.terminate() }
        let first = try Self.run(["deploy", "--yes"], folder, proxy: proxy.endpoint, moto)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let base = "\(name)-dev"

        try Self.edit(folder) {
            $0.replacingOccurrences(of: "    timeout: 20\n", with: "    timeout: 20\n    memory: 384\n")
        }
        let memory = try Self.changes(
            try Self.run(["plan", "--format", "json"], folder, proxy: proxy.endpoint, moto).stdout)
        #expect(
            memory == [
                "function.\(base)-worker": "update", "version.\(base)-worker": "create",
                "alias.\(base)-worker:live": "update",
            ])
        #expect(try Self.run(["deploy", "--yes"], folder, proxy: proxy.endpoint, moto).status == 0)

        try "#!/bin/sh\necho nightly 2\n".write(
            to: folder.appendingPathComponent("products/nightly"), atomically: true, encoding: .utf8)
        let code = try Self.changes(
            try Self.run(["plan", "--format", "json"], folder, proxy: proxy.endpoint, moto).stdout)
        #expect(
            code == [
                "function.\(base)-nightly": "update", "version.\(base)-nightly": "create",
                "alias.\(base)-nightly:live": "update",
            ])
        #expect(try Self.run(["deploy", "--yes"], folder, proxy: proxy.endpoint, moto).status == 0)

        // The worker leaves hoist.yml (and the API stops sending to it).
        try Self.edit(folder) { text in
            let start = try! #require(text.range(of: "  worker:\n"))
            let end = try! #require(text.range(of: "  nightly:\n"))
            return text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "")
                .replacingOccurrences(of: "    sends_to: [worker]\n", with: "")
        }
        let removal = try Self.changes(
            try Self.run(["plan", "--format", "json"], folder, proxy: proxy.endpoint, moto).stdout)
        let deleted = Set(removal.filter { $0.value == "delete" }.keys)
        #expect(
            deleted == [
                "function.\(base)-worker", "role.\(base)-worker", "role_policy.\(base)-worker-execution",
                "log_group./aws/lambda/\(base)-worker", "event_source_mapping.\(base)-worker/\(base)-worker",
                "queue.\(base)-worker", "queue.\(base)-worker-dlq",
            ])
        // The API loses WORKER_QUEUE_URL and its policy's SendToQueues: a new version on its alias.
        #expect(removal["function.\(base)-api"] == "update" && removal["role_policy.\(base)-api-execution"] == "update")
        let removed = try Self.run(["deploy", "--yes"], folder, proxy: proxy.endpoint, moto)
        #expect(removed.status == 0, "\(removed.stdout)\(removed.stderr)")
        let lambda = Lambda(client: Self.client(moto, proxy.endpoint))
        await #expect(throws: (any Error).self) { _ = try await lambda.getFunction(name: "\(base)-worker") }
        #expect(try Self.run(["plan", "--detailed-exitcode"], folder, proxy: proxy.endpoint, moto).status == 0)
        try Self.destroy(folder, proxy: proxy.endpoint, moto)
        await #expect(throws: (any Error).self) { _ = try await lambda.getFunction(name: "\(base)-nightly") }

        // Every action of the example's whole life, triggers included, is one the deployer policy grants, but the
        // boundary's creation and changes, which take an administrator: here the last queue left the project, so
        // its queue statement went (ListPolicyVersions to drop the oldest version, CreatePolicyVersion).
        let granted = Set(
            PolicyGenerator.deployerPolicy(region: "us-east-1", account: "123456789012", project: name).statements
                .filter { $0.effect == .allow }.flatMap(\.actions))
        let adminOnly: Set = [
            "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:ListPolicyVersions",
        ]
        let used = try Self.actions(in: traffic)
        #expect(used.contains("scheduler:CreateSchedule") && used.contains("lambda:CreateEventSourceMapping"))
        #expect(used.subtracting(granted).subtracting(adminOnly).isEmpty, "\(used.subtracting(granted))")
    }
}
