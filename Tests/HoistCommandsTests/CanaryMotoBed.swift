import Foundation
import HoistAWS
import HoistCore
import HoistCurl
import HoistTestSupport
import Testing

/// moto behind scripts/awsproxy.py recording every request, a libcurl client through it, and a function with two
/// published versions and an alias on the first: what the canary tests against moto start from.
final class CanaryMotoBed: @unchecked Sendable {
    let moto: MotoTestBed
    let proxy: HoistBinary.Proxy
    let traffic: URL
    let recorder: RecordingTransport
    let client: AWSClient
    private let folder: TemporaryDirectory

    init() throws {
        moto = try HoistBinary.moto()
        folder = try TemporaryDirectory("canary")
        traffic = folder.url.appendingPathComponent("traffic.jsonl")
        proxy = try HoistBinary.startProxy(
            upstream: moto.endpoint, extra: ["--record", traffic.path, "--resign-for-moto", moto.statePath])
        recorder = RecordingTransport(CurlTransport())
        client = AWSClient(
            transport: recorder, credentialProvider: StaticCredentialProvider(moto.credentials), region: moto.region,
            environment: AWSEnvironment(variables: [:], endpointOption: proxy.endpoint), sleep: { _ in })
    }

    deinit { proxy.terminate() }

    var lambda: Lambda { Lambda(client: client) }
    var cloudWatch: CloudWatch { CloudWatch(client: client) }

    /// Creates a function, publishes version 1, changes its code, publishes version 2, and points `live` at 1.
    func functionWithTwoVersions(_ prefix: String = "canary") async throws -> CanaryRelease {
        let trust = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},\
            "Action":"sts:AssumeRole"}]}
            """
        let role = try await IAM(client: client).createRole(
            name: MotoTestBed.unique("\(prefix)-role"), assumeRolePolicyDocument: trust)
        let name = MotoTestBed.unique(prefix)
        _ = try await lambda.createFunction(
            CreateFunctionInput(
                functionName: name, runtime: "provided.al2023", role: role.arn, handler: "bootstrap",
                code: .zip(try TestZip.bootstrap("#!/bin/sh\necho one\n"))))
        _ = try await lambda.waitUntilActive(name: name, interval: 0.05, maxAttempts: 50)
        let first = try await lambda.publishVersion(functionName: name, description: "first")
        _ = try await lambda.updateFunctionCode(name: name, code: .zip(try TestZip.bootstrap("#!/bin/sh\necho two\n")))
        _ = try await lambda.waitUntilUpdated(name: name, interval: 0.05, maxAttempts: 50)
        let second = try await lambda.publishVersion(functionName: name, description: "second")
        let old = try #require(first.version)
        let new = try #require(second.version)
        _ = try await lambda.createAlias(functionName: name, name: "live", functionVersion: old)
        return CanaryRelease(functionName: name, alias: "live", oldVersion: old, newVersion: new)
    }

    /// Puts `value` `metric` datapoints (now) where Lambda would for the release's new version run through the
    /// alias: moto takes `AWS/Lambda`, which on AWS only Lambda can publish to.
    func putThroughAlias(_ metric: CanaryMetric, _ value: Double, release: CanaryRelease, version: String? = nil)
        async throws
    {
        try await cloudWatch.putMetricData(
            namespace: "AWS/Lambda",
            data: [
                CloudWatchDatum(
                    metricName: metric.rawValue,
                    dimensions: [
                        CloudWatchDimension("FunctionName", release.functionName),
                        CloudWatchDimension("Resource", "\(release.functionName):\(release.alias)"),
                        CloudWatchDimension("ExecutedVersion", version ?? release.newVersion),
                    ], value: value, unit: "Count", timestamp: Date())
            ])
    }

    /// scripts/validate_requests.py over what the proxy recorded: its output, after expecting 0 findings.
    @discardableResult
    func expectValidTraffic(_ operations: [String]) throws -> String {
        let recorded = try String(contentsOf: traffic, encoding: .utf8).split(separator: "\n").count
        let check = try HoistBinary.validateRequests(traffic)
        print(check.stdout)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("validated \(recorded) requests"), "\(check.stdout)")
        #expect(check.stdout.contains(", 0 findings"), "\(check.stdout)")
        for operation in operations {
            #expect(check.stdout.contains("  \(operation): "), "\(operation) not recorded: \(check.stdout)")
        }
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
        // Also into the run's folder (scripts/test.sh), for the check over every test's traffic.
        if let folder = ProcessInfo.processInfo.environment["HOIST_RECORD_REQUESTS"], !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: traffic,
                to: URL(fileURLWithPath: folder).appendingPathComponent("canary-\(UUID().uuidString).jsonl"))
        }
        return check.stdout
    }
}
