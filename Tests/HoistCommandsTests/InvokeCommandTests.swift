import Foundation
import HoistAWS
import HoistCore
import HoistCurl
import HoistTestSupport
import Testing

/// `hoist invoke` as the real binary, against moto (auth enforced) behind scripts/awsproxy.py --emulate-invoke:
/// moto holds the function, its version and alias; the proxy answers Invoke as Lambda documents it (moto runs no
/// function without Docker). Every request is recorded and checked against botocore's models.
@Suite(
    "hoist invoke (binary, moto, emulated Invoke)", .serialized,
    .enabled(if: HoistBinary.motoShouldRun, MotoTestBed.skipNote))
struct InvokeCommandTests {
    /// A stage to invoke: a project folder, its hoist.yml, and the proxy that records into `traffic`.
    struct Bed {
        let moto: HoistBinary.Moto
        let folder: URL
        let config: URL
        let proxy: HoistBinary.Proxy
        let traffic: URL

        /// The stage's main function, as `hoist invoke` resolves it.
        var function: StageFunctions.Function {
            get throws { try StageFunctions(HoistConfig.load(path: config.path).resolved(stage: nil)).function(nil) }
        }

        /// Runs hoist on this project through the proxy; `input` becomes standard input.
        func hoist(_ arguments: [String], input: URL? = nil) throws -> ProcessResult {
            var variables = PlanDeployCommandTests.environment(moto)
            variables["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            variables["HOME"] = folder.path
            variables["AWS_EC2_METADATA_DISABLED"] = "true"
            return try ProcessRunner.run(
                HoistBinary.executable,
                arguments + ["--config", config.path, "--endpoint-url", proxy.endpoint], environment: variables,
                input: input)
        }

        /// A file in the project folder holding `text`.
        func file(_ name: String, _ text: String) throws -> URL {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url
        }

        /// How many requests the proxy has recorded.
        var recorded: Int { ((try? String(contentsOf: traffic, encoding: .utf8)) ?? "").split(separator: "\n").count }

        /// scripts/validate_requests.py over the recording: its output, which must end in 0 findings.
        func validate() throws -> ProcessResult {
            try HoistBinary.validateRequests(traffic)
        }
    }

    static func bed() throws -> Bed {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        let traffic = folder.appendingPathComponent("traffic.jsonl")
        let proxy = try HoistBinary.startProxy(
            upstream: moto.endpoint,
            extra: ["--emulate-invoke", moto.statePath, "--resign-for-moto", moto.statePath, "--record", traffic.path])
        return Bed(
            moto: moto, folder: folder, config: folder.appendingPathComponent("hoist.yml"), proxy: proxy,
            traffic: traffic)
    }

    /// The alias `name` on a newly published version, made in moto directly; returns the version it holds.
    static func makeAlias(_ name: String, of function: String, in moto: HoistBinary.Moto) async throws -> String {
        let lambda = Lambda(client: moto.client(transport: CurlTransport()))
        if let existing = try await AWSError.nilIfNotFound({
            try await lambda.getAlias(functionName: function, name: name)
        }) {
            return try #require(existing.functionVersion)  // deploys that make aliases (issue 14, part 1)
        }
        let version = try #require(try await lambda.publishVersion(functionName: function).version)
        _ = try await lambda.createAlias(functionName: function, name: name, functionVersion: version)
        return version
    }

    /// JSON text re-encoded with sorted keys, so two documents compare by value.
    static func canonical(_ text: some StringProtocol) throws -> String {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        return String(
            decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test("a deployed stage: $LATEST, then the alias; --event file and -, --log tail, a function error, refusals")
    func deployedStage() async throws {
        let bed = try Self.bed()
        defer { bed.proxy.terminate() }
        let deploy = try bed.hoist(["deploy", "--yes", "--bootstrap", "boot", "--no-gate"])
        try #require(deploy.status == 0, "\(deploy.output)")
        let name = try bed.function.functionName

        // An alias that does not exist: Lambda's 404 and the hint to deploy again or use $LATEST.
        let missing = try bed.hoist(["invoke", "--alias", "nosuch"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains("lambda Invoke failed: ResourceNotFoundException (HTTP 404)"), "\(missing.stderr)")
        #expect(missing.stderr.contains("function:\(name):nosuch"), "\(missing.stderr)")
        #expect(
            missing.stderr.contains("hint: \(name) has no alias nosuch")
                && missing.stderr.contains("deploy again to create the alias, or pass --version '$LATEST'"),
            "\(missing.stderr)")

        let event = try bed.file("event.json", #"{"rawPath": "/health", "n": [1, 2]}"#)
        let latest = try bed.hoist(["invoke", "--version", "$LATEST", "--event", event.path])
        #expect(latest.status == 0, "\(latest.output)")
        #expect(try Self.canonical(latest.stdout) == Self.canonical(#"{"echo": {"rawPath": "/health", "n": [1, 2]}}"#))
        #expect(latest.stderr.hasPrefix("\(name): $LATEST ran, request id "), "\(latest.stderr)")

        let version = try await Self.makeAlias("live", of: name, in: bed.moto)
        let live = try bed.hoist(["invoke", "--event", event.path])
        #expect(live.status == 0, "\(live.output)")
        #expect(try Self.canonical(live.stdout) == Self.canonical(#"{"echo": {"rawPath": "/health", "n": [1, 2]}}"#))
        #expect(live.stderr.contains("\(name): version \(version) ran (through alias live)"), "\(live.stderr)")
        let pinned = try bed.hoist(["invoke", "--version", version])
        #expect(try Self.canonical(pinned.stdout) == #"{"echo":{}}"#)

        let piped = try bed.hoist(["invoke", "--event", "-"], input: try bed.file("stdin.json", #"["from", "stdin"]"#))
        #expect(try Self.canonical(piped.stdout) == #"{"echo":["from","stdin"]}"#)

        try Self.logTail(bed, version: version)

        let failing = try bed.hoist(
            [
                "invoke", "--event",
                try bed.file("fail.json", #"{"fail": "OrderRejected", "message": "stock is 0"}"#).path,
            ])
        #expect(failing.status == 1)
        #expect(failing.stdout.isEmpty)
        #expect(
            failing.stderr.contains("error: function error (Unhandled): OrderRejected: stock is 0"), "\(failing.stderr)"
        )

        try await Self.routedVersion(bed, name: name, stable: version)

        // Refused before any call: bad JSON, both qualifiers, a function the stage does not have.
        let before = bed.recorded
        let broken = try bed.hoist([
            "invoke", "--event", try bed.file("broken.json", "{\n  \"a\": 1,\n  \"b\": x\n}").path,
        ])
        #expect(broken.status == 1)
        #expect(
            broken.stderr.contains("is not valid JSON: Invalid value around character 19 (line 3, column 8)"),
            "\(broken.stderr)")
        let both = try bed.hoist(["invoke", "--alias", "live", "--version", "1"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--alias and --version cannot be used together"))
        let unknown = try bed.hoist(["invoke", "nosuch"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no function \"nosuch\" in this stage"), "\(unknown.stderr)")
        #expect(bed.recorded == before, "a refused invoke sent requests")

        let check = try bed.validate()
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains(", 0 findings"), "\(check.stdout)")
        #expect(check.stdout.contains("lambda:Invoke: "), "\(check.stdout)")
    }

    /// `--log`: a small event's whole log; a large one's last 4 KB only (START cut off), REPORT with moto's memory.
    static func logTail(_ bed: Bed, version: String) throws {
        let small = try bed.hoist(["invoke", "--log"])
        #expect(small.status == 0, "\(small.output)")
        #expect(small.stderr.hasPrefix("--- log tail (last 4 KB) ---\nSTART RequestId: "), "\(small.stderr)")
        #expect(small.stderr.contains(" Version: \(version)\n"))
        #expect(small.stderr.contains("\tINFO\tevent: {}\n"))
        #expect(small.stderr.contains("REPORT RequestId: ") && small.stderr.contains("Memory Size: 512 MB"))

        let padding = String(repeating: "p", count: 6_000)
        let large = try bed.hoist([
            "invoke", "--log", "--event", try bed.file("large.json", #"{"pad": "\#(padding)"}"#).path,
        ])
        #expect(large.status == 0, "\(large.output)")
        let start = try #require(large.stderr.range(of: "--- log tail (last 4 KB) ---\n"))
        let end = try #require(large.stderr.range(of: "--- end of log ---\n"))
        let tail = large.stderr[start.upperBound..<end.lowerBound]
        #expect(tail.utf8.count == 4_096, "the tail is \(tail.utf8.count) bytes")
        #expect(!tail.contains("START RequestId"))
        #expect(tail.hasSuffix("Max Memory Used: 20 MB\t\n"))
        #expect(try Self.canonical(large.stdout) == #"{"echo":{"pad":"\#(padding)"}}"#)
    }

    /// A routing weight of 1.0 on a newly published version, as a canary sets one: that version runs, through the alias.
    static func routedVersion(_ bed: Bed, name: String, stable: String) async throws {
        let lambda = Lambda(client: bed.moto.client(transport: CurlTransport()))
        var change = UpdateFunctionConfigurationInput()
        change.description = "canary"
        _ = try await lambda.updateFunctionConfiguration(name: name, change)
        let canary = try #require(try await lambda.publishVersion(functionName: name).version)
        #expect(canary != stable)
        let script = """
            import boto3, json, sys
            bed = json.load(open(sys.argv[1]))
            boto3.client("lambda", endpoint_url=bed["endpoint"], region_name=bed["region"],
                aws_access_key_id=bed["accessKeyId"], aws_secret_access_key=bed["secretAccessKey"]).update_alias(
                FunctionName=sys.argv[2], Name="live", FunctionVersion=sys.argv[3],
                RoutingConfig={"AdditionalVersionWeights": {sys.argv[4]: 1.0}})
            """
        let routed = try ProcessRunner.python(script, [bed.moto.statePath, name, stable, canary])
        try #require(routed.status == 0, "\(routed.stderr)")
        let result = try bed.hoist(["invoke"])
        #expect(result.stderr.contains("\(name): version \(canary) ran (through alias live)"), "\(result.stderr)")
    }

    @Test("a stage never deployed: exit 1 with the operation, Lambda's code, the request id and a hint")
    func notDeployed() throws {
        let bed = try Self.bed()
        defer { bed.proxy.terminate() }
        let result = try bed.hoist(["invoke"])
        #expect(result.status == 1)
        let name = try bed.function.functionName
        #expect(
            result.stderr.contains(
                "error: lambda Invoke failed: ResourceNotFoundException (HTTP 404): Function not found: "
                    + "arn:aws:lambda:us-east-1:123456789012:function:\(name):live"), "\(result.stderr)")
        #expect(result.stderr.contains(/\[request id [0-9a-f-]{36}\]/), "\(result.stderr)")
        // The follow-up GetFunctionConfiguration (moto's own 404) tells a missing function from a missing alias.
        #expect(
            result.stderr.contains("hint: \(name) is not deployed in us-east-1: run `hoist deploy`"),
            "\(result.stderr)")
        let check = try bed.validate()
        #expect(check.status == 0 && check.stdout.contains(", 0 findings"), "\(check.stdout)")
        #expect(check.stdout.contains("lambda:GetFunctionConfiguration: 1"), "\(check.stdout)")
    }

    @Test("the emulation checks signatures: a wrong secret and an unknown key are refused as Lambda refuses them")
    func signatureChecked() async throws {
        let bed = try Self.bed()
        defer { bed.proxy.terminate() }
        let cases = [
            (
                AWSCredentials(accessKeyId: bed.moto.accessKeyId, secretAccessKey: "not-the-secret"),
                "InvalidSignatureException"
            ),
            (AWSCredentials(accessKeyId: "AKIDNOTKNOWN", secretAccessKey: "x"), "UnrecognizedClientException"),
        ]
        for (credentials, code) in cases {
            let client = AWSClient(
                transport: CurlTransport(), credentialProvider: StaticCredentialProvider(credentials),
                region: "us-east-1", environment: AWSEnvironment(variables: [:], endpointOption: bed.proxy.endpoint),
                sleep: { _ in })
            let error = await #expect(throws: AWSError.self) {
                try await Lambda(client: client).invoke(functionName: "anything", payload: Array("{}".utf8))
            }
            #expect(error?.status == 403)
            #expect(error?.code == code)
            #expect(error?.requestId != nil)
        }
    }
}
