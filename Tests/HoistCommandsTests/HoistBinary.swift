import Foundation
import Testing

/// Runs the built `hoist` executable and the test bed's helpers.
enum HoistBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let statePath = ProcessInfo.processInfo.environment["HOIST_TEST_MOTO"]
    static let motoRequired = ProcessInfo.processInfo.environment["HOIST_REQUIRE_MOTO"] == "1"
    static var motoShouldRun: Bool { motoRequired || statePath != nil }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct Moto {
        var endpoint: String
        var accessKeyId: String
        var secretAccessKey: String
        var adminArn: String
        var statePath: String
    }

    static func moto() throws -> Moto {
        let path = try #require(statePath, "HOIST_TEST_MOTO is not set")
        let data = try #require(FileManager.default.contents(atPath: path), "no moto state at \(path)")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return Moto(
            endpoint: object["endpoint"] as! String, accessKeyId: object["accessKeyId"] as! String,
            secretAccessKey: object["secretAccessKey"] as! String, adminArn: object["adminArn"] as! String,
            statePath: path)
    }

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

    static func runProcess(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        input: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hoist-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

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
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script])
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

    static func startProxy(upstream: String, extra: [String]) throws -> Proxy {
        let portFile = try temporaryFolder().appendingPathComponent("port")
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
