import Foundation
import HoistAWS
import HoistCurl
import HoistTestSupport
import Testing

@testable import HoistCore

/// moto behind scripts/awsproxy.py recording every request (and re-signing what moto verifies wrongly), a stage
/// deployed through it (its function `<project>-dev` with the alias `live`), and plan and apply of extra resources
/// beside it through the drivers: what the schedule and function URL tests start from.
final class TriggerMotoBed: @unchecked Sendable {
    let moto: MotoTestBed
    let proxy: HoistBinary.Proxy
    let traffic: URL
    let recorder: RecordingTransport
    let client: AWSClient
    let inputs: DeploymentInputs
    private let folder: TemporaryDirectory

    /// Starts the proxy (with `proxyOptions`) and deploys a stage of a new project named `prefix…`.
    init(_ prefix: String, proxyOptions: [String] = []) async throws {
        moto = try HoistBinary.moto()
        folder = try TemporaryDirectory("triggers")
        traffic = folder.url.appendingPathComponent("traffic.jsonl")
        proxy = try HoistBinary.startProxy(
            upstream: moto.endpoint,
            extra: ["--record", traffic.path, "--resign-for-moto", moto.statePath] + proxyOptions)
        recorder = RecordingTransport(CurlTransport())
        client = AWSClient(
            transport: recorder, credentialProvider: StaticCredentialProvider(moto.credentials), region: moto.region,
            environment: AWSEnvironment(variables: [:], endpointOption: proxy.endpoint), sleep: { _ in })
        let code = try DeploymentEngineTests().makeZip("#!/bin/sh\necho \(prefix)\n")
        inputs = DeploymentFaultTests.inputs(
            project: "\(prefix)\(UUID().uuidString.prefix(6).lowercased())", code: code)
        try await DeploymentFaultTests.deploy(inputs, client: client)
    }

    deinit { proxy.terminate() }

    /// The stage's function.
    var function: String { "\(inputs.project)-dev" }
    /// Its unqualified ARN.
    var functionArn: String { "arn:aws:lambda:us-east-1:123456789012:function:\(function)" }
    /// The stage's tags.
    var tags: [String: String] { [Ownership.projectTag: inputs.project, Ownership.stageTag: "dev"] }

    /// A context for a plan or an apply, with nothing known yet.
    func context(report: @escaping @Sendable (String) -> Void = { _ in }) -> EngineContext {
        var planner = DeploymentPlanner(client: client)
        planner.report = report
        var context = planner.context(inputs)
        context.pollInterval = 0
        return context
    }

    /// A spec rendered as the planner sees it.
    func state<Driver: ResourceDriver>(_ driver: Driver, _ spec: Driver.Spec) throws -> ResourceState {
        try AnyResourceDriver.state(driver, spec, context().scope)
    }

    /// The plan that takes `probes` (every resource the test may have made) to `desired`.
    func plan(_ desired: [ResourceState], probes: [ResourceState] = []) async throws -> Plan {
        let wanted = desired + probes.filter { probe in !desired.contains { $0.address == probe.address } }
        let observed = try await StateReader(context: context()).read(wanted)
        return Planner.plan(
            project: inputs.project, stage: "dev", region: inputs.region, account: inputs.account, desired: desired,
            observed: observed)
    }

    /// Applies a plan; returns the identities afterwards and the lines reported.
    @discardableResult
    func apply(_ plan: Plan) async throws -> (identities: IdentityStore, report: [String]) {
        let lines = ReportLines()
        let identities = try await PlanApplier(context: context(report: lines.append)).apply(plan)
        return (identities, lines.all)
    }

    /// The writes sent from exchange `start` on, as `METHOD path` (no query).
    func writes(since start: Int) -> [String] {
        recorder.exchanges.dropFirst(start).filter { $0.request.method != "GET" }.map { exchange in
            "\(exchange.request.method) \(URLComponents(string: exchange.request.url)?.path ?? exchange.request.url)"
        }
    }

    /// scripts/validate_requests.py over everything recorded: its output, after expecting 0 findings and every
    /// operation named; also copied into `HOIST_RECORD_REQUESTS` for the run's check.
    @discardableResult
    func expectValidTraffic(_ operations: [String]) throws -> String {
        let recorded = try String(contentsOf: traffic, encoding: .utf8).split(separator: "\n").count
        let check = try HoistBinary.validateRequests(traffic)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("validated \(recorded) requests"), "\(check.stdout)")
        #expect(check.stdout.contains(", 0 findings"), "\(check.stdout)")
        for operation in operations {
            #expect(check.stdout.contains("  \(operation): "), "\(operation) not recorded: \(check.stdout)")
        }
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
        if let folder = ProcessInfo.processInfo.environment["HOIST_RECORD_REQUESTS"], !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: traffic,
                to: URL(fileURLWithPath: folder).appendingPathComponent("triggers-\(UUID().uuidString).jsonl"))
        }
        return check.stdout
    }

    /// A fixture of Tests/HoistCommandsTests/Fixtures/triggers, as text.
    static func fixture(_ name: String) throws -> String {
        try String(
            contentsOf: HoistBinary.packageRoot.appendingPathComponent("Tests/HoistCommandsTests/Fixtures/triggers")
                .appendingPathComponent(name), encoding: .utf8)
    }
}
