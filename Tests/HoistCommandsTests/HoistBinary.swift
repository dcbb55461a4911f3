import Foundation
import HoistTestSupport
import Testing

/// Runs the built `hoist` executable and the test bed's helpers.
enum HoistBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// Whether moto is required (`HOIST_REQUIRE_MOTO=1`): see ``MotoTestBed/required``.
    static var motoRequired: Bool { MotoTestBed.required }
    /// Whether moto tests run: see ``MotoTestBed/shouldRun``.
    static var motoShouldRun: Bool { MotoTestBed.shouldRun }

    /// A finished run: see ``ProcessResult``.
    typealias Result = ProcessResult
    /// The moto test bed: see ``MotoTestBed``.
    typealias Moto = MotoTestBed

    /// The moto test bed, or a test failure (``MotoTestBed/bed()``).
    static func moto() throws -> Moto { try MotoTestBed.bed() }

    /// The hoist executable next to the test bundle.
    static var executable: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("hoist"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("hoist"),
            packageRoot.appendingPathComponent(".build/debug/hoist"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    /// Runs hoist with a clean environment (PATH and the given variables only).
    static func run(_ arguments: [String], environment: [String: String]) throws -> Result {
        var variables = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        variables["HOME"] = try temporaryFolder().path  // no ~/.aws of the machine
        variables["AWS_EC2_METADATA_DISABLED"] = "true"
        variables.merge(environment) { _, new in new }
        return try runProcess(executable, arguments, environment: variables)
    }

    /// Runs a program to its end (``ProcessRunner/run(_:_:environment:directory:input:mergeStandardError:)``).
    static func runProcess(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        input: URL? = nil
    ) throws -> Result {
        try ProcessRunner.run(executable, arguments, environment: environment, directory: directory, input: input)
    }

    /// A new empty folder that stays after the test (``TemporaryDirectory/kept(_:)``).
    static func temporaryFolder() throws -> URL { try TemporaryDirectory.kept("test") }

    /// Creates a role in moto (with boto3) trusting a principal, or any web identity when nil, allowed everything.
    static func createRole(_ name: String, trustedPrincipal: String?) throws {
        let moto = try moto()
        let principal =
            trustedPrincipal.map { "{\"AWS\": \"\($0)\"}" }
            ?? "{\"Federated\": \"token.actions.githubusercontent.com\"}"
        let action = trustedPrincipal == nil ? "sts:AssumeRoleWithWebIdentity" : "sts:AssumeRole"
        let script = """
            import boto3, json
            iam = boto3.client("iam", endpoint_url="\(moto.endpoint)", region_name="us-east-1",
                aws_access_key_id="\(moto.accessKeyId)", aws_secret_access_key="\(moto.secretAccessKey)")
            trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": \(principal),
                "Action": "\(action)"}]}
            iam.create_role(RoleName="\(name)", AssumeRolePolicyDocument=json.dumps(trust))
            iam.put_role_policy(RoleName="\(name)", PolicyName="all", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
            """
        let result = try ProcessRunner.python(script)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// A running scripts/awsproxy.py.
    struct Proxy {
        let process: Process
        let endpoint: String
        /// Stops it with SIGKILL: a child spawned from a test thread may inherit a mask that blocks SIGTERM.
        func terminate() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// scripts/validate_requests.py over recorded traffic (its output and status): every request checked against
    /// botocore's service model of its service.
    static func validateRequests(_ traffic: URL) throws -> ProcessResult {
        let script = packageRoot.appendingPathComponent("scripts/validate_requests.py").path
        return try ProcessRunner.run(command: ["python3", script, traffic.path], mergeStandardError: true)
    }

    /// Starts scripts/awsproxy.py in front of `upstream`. When `HOIST_RECORD_REQUESTS` names a folder (as
    /// scripts/test.sh sets it) and the test records nothing itself, the proxy records every request into a file
    /// of its own there, for scripts/validate_requests.py after the run.
    static func startProxy(upstream: String, extra: [String]) throws -> Proxy {
        let portFile = try temporaryFolder().appendingPathComponent("port")
        var extra = extra
        if let folder = ProcessInfo.processInfo.environment["HOIST_RECORD_REQUESTS"], !folder.isEmpty,
            !extra.contains("--record")
        {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            extra += ["--record", folder + "/proxy-\(UUID().uuidString).jsonl"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", packageRoot.appendingPathComponent("scripts/awsproxy.py").path, "--upstream", upstream]
            + ["--port-file", portFile.path] + extra
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var port: String?
        while port == nil, Date() < deadline, process.isRunning {
            port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { $0.isEmpty ? nil : $0 }
            if port == nil { usleep(50_000) }
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the proxy did not start"])
        }
        return Proxy(process: process, endpoint: "http://127.0.0.1:\(port)")
    }
}
