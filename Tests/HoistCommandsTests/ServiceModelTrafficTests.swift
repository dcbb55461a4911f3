import Foundation
import HoistTestSupport
import Testing

/// Every request hoist sends in a whole lifecycle, checked against botocore's service models: what real AWS
/// accepts, not only what moto lets by.
///
/// Why: moto is lenient (unknown members, missing required ones, out-of-range values pass), so a request can work
/// in every test here and still fail on AWS. scripts/awsproxy.py records the traffic as hoist sent it and
/// scripts/validate_requests.py checks each request's operation, members, types and locations.
@Suite(
    "Recorded traffic against botocore's service models", .serialized,
    .enabled(if: HoistBinary.motoShouldRun, MotoTestBed.skipNote))
struct ServiceModelTrafficTests {
    /// The project: an artifact too big for a direct upload (S3 multipart), a scheduled rotation.
    static func project() throws -> URL {
        let folder = try PlanDeployCommandTests.project()
        var generator = SplitMix64(seed: 15)
        // 6 MiB of random bytes zip to over the 1 MB direct limit: two 5 MiB parts through S3.
        try Data((0..<(6 << 20)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }).write(
            to: folder.appendingPathComponent("boot"))
        let config = folder.appendingPathComponent("hoist.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "    env: JWT_SECRET_ARN", with: "    env: JWT_SECRET_ARN\n    rotate_every: 30d")
        try (text + "\nupload:\n  direct_limit_mb: 1\n  part_size_mb: 5\n").write(
            to: config, atomically: true, encoding: .utf8)
        return folder
    }

    @Test("deploy, change, secrets rotate and set, destroy: 0 findings over all requests")
    func lifecycleTrafficIsValid() throws {
        let moto = try HoistBinary.moto()
        let folder = try Self.project()
        let traffic = folder.appendingPathComponent("traffic.jsonl")
        let proxy = try HoistBinary.startProxy(
            upstream: moto.endpoint, extra: ["--record", traffic.path, "--resign-for-moto", moto.statePath])
        defer { proxy.terminate() }
        let yml = folder.appendingPathComponent("hoist.yml")
        let common = ["--config", yml.path, "--endpoint-url", proxy.endpoint]
        let artifacts = ["--bootstrap", "boot", "--no-gate"]
        let environment = PlanDeployCommandTests.environment(moto)
        func hoist(_ arguments: [String], input: URL? = nil) throws {
            var variables = environment
            variables["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            variables["HOME"] = folder.path
            variables["AWS_EC2_METADATA_DISABLED"] = "true"
            let result = try ProcessRunner.run(
                HoistBinary.executable, arguments + common, environment: variables, input: input)
            #expect(result.status == 0, "hoist \(arguments.joined(separator: " ")): \(result.output)")
        }

        try hoist(["deploy", "--yes"] + artifacts)
        let text = try String(contentsOf: yml, encoding: .utf8)
        try text.replacingOccurrences(of: "memory: 512", with: "memory: 1024").write(
            to: yml, atomically: true, encoding: .utf8)
        try hoist(["deploy", "--yes"] + artifacts)
        try hoist(["secrets", "rotate", "JWT_SECRET_KEY"])
        let value = folder.appendingPathComponent("value.txt")
        try Data(("chosen-" + UUID().uuidString + UUID().uuidString).utf8).write(to: value)
        try hoist(["secrets", "set", "JWT_SECRET_KEY"], input: value)
        try hoist(["destroy", "--yes", "--delete-data"])

        let recorded = (try String(contentsOf: traffic, encoding: .utf8)).split(separator: "\n").count
        #expect(recorded > 50, "only \(recorded) requests recorded")
        let check = try HoistBinary.validateRequests(traffic)
        print(check.stdout)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("validated \(recorded) requests"), "\(check.stdout)")
        #expect(check.stdout.contains(", 0 findings"), "\(check.stdout)")
    }
}
