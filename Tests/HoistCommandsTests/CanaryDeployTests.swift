import Foundation
import HoistAWS
import HoistCore
import HoistTestSupport
import Testing

/// `hoist deploy --canary` as the real binary against moto: the weights during the window, promotion after a clean
/// one, rollback on errors the new version reports, and no weights left after Ctrl-C or a kill and a rerun.
@Suite("Canary deploys (binary, moto)", .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct CanaryDeployTests {
    /// A stage deployed once (version 1 on `live`), with new code on disk for the next deploy.
    struct Stage {
        let moto: HoistBinary.Moto
        let folder: URL
        let function: String
        let common: [String]
        let client: AWSClient

        init() throws {
            moto = try HoistBinary.moto()
            folder = try PlanDeployCommandTests.project()
            let config = folder.appendingPathComponent("hoist.yml")
            function = "\(try PlanDeployCommandTests.projectName(in: folder))-dev"
            common = [
                "--config", config.path, "--endpoint-url", moto.endpoint, "--bootstrap",
                folder.appendingPathComponent("boot").path, "--no-gate",
            ]
            client = try DeploymentFaultTests.client(endpoint: moto.endpoint)
            let first = try HoistBinary.run(["deploy", "--yes"] + common, environment: environment)
            #expect(first.status == 0, "\(first.stderr)")
            try "#!/bin/sh\necho canary v2\n".write(
                to: folder.appendingPathComponent("boot"), atomically: true, encoding: .utf8)
        }

        var environment: [String: String] { PlanDeployCommandTests.environment(moto) }

        func deploy(_ extra: [String]) throws -> BackgroundProcess {
            try BackgroundProcess(
                HoistBinary.executable, ["deploy", "--yes"] + extra + common,
                environment: environment.merging(["PATH": "/usr/bin:/bin"]) { _, new in new })
        }

        func alias() async throws -> AliasConfiguration {
            try await Lambda(client: client).getAlias(functionName: function, name: "live")
        }

        /// Puts `value` Errors where Lambda would for `version` run through the alias (moto takes `AWS/Lambda`,
        /// which on AWS only Lambda publishes to).
        func putErrors(_ value: Double, version: String) async throws {
            try await CloudWatch(client: client).putMetricData(
                namespace: "AWS/Lambda",
                data: [
                    CloudWatchDatum(
                        metricName: "Errors",
                        dimensions: [
                            CloudWatchDimension("FunctionName", function),
                            CloudWatchDimension("Resource", "\(function):live"),
                            CloudWatchDimension("ExecutedVersion", version),
                        ], value: value, unit: "Count", timestamp: Date())
                ])
        }
    }

    @Test("a clean window: 10% to version 2 during it, then version 2 holds all traffic and no weights are left")
    func clean() async throws {
        let stage = try Stage()
        let deploy = try stage.deploy(["--canary", "10%:3s"])
        #expect(deploy.waitForOutput { $0.contains("canary \(stage.function):live 1 → 2") }, "\(deploy.stdout)")
        let during = try await stage.alias()
        #expect(during.functionVersion == "1")
        #expect(during.weights == ["2": 0.1], "\(during)")
        #expect(deploy.wait() == 0, "\(deploy.stdout)\(deploy.stderr)")
        #expect(deploy.stdout.contains("clean window, live is on version 2"), "\(deploy.stdout)")
        let after = try await stage.alias()
        #expect(after.functionVersion == "2")
        #expect(after.weights.isEmpty, "\(after)")
        let plan = try HoistBinary.run(["plan", "--detailed-exitcode"] + stage.common, environment: stage.environment)
        #expect(plan.status == 0, "\(plan.stdout)")
    }

    @Test("hoist apply plan.json --canary: the reviewed plan released through a canary, as CI does on main")
    func applyWithCanary() async throws {
        let stage = try Stage()
        let planFile = stage.folder.appendingPathComponent("plan.json").path
        let plan = try HoistBinary.run(["plan", "--out", planFile] + stage.common, environment: stage.environment)
        #expect(plan.status == 0, "\(plan.stderr)")
        let apply = try HoistBinary.run(
            ["apply", planFile, "--canary", "10%:2s", "--endpoint-url", stage.moto.endpoint],
            environment: stage.environment)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stdout.contains("canary \(stage.function):live 1 → 2 (10%)"), "\(apply.stdout)")
        #expect(apply.stdout.contains("clean window, live is on version 2"), "\(apply.stdout)")
        let after = try await stage.alias()
        #expect(after.functionVersion == "2" && after.weights.isEmpty, "\(after)")
    }

    @Test("errors of the new version during the window: rolled back, exit 1 naming the metric, version 1 holds all")
    func rolledBack() async throws {
        let stage = try Stage()
        let deploy = try stage.deploy(["--canary", "10%:30s"])
        #expect(deploy.waitForOutput { $0.contains("canary \(stage.function):live 1 → 2") }, "\(deploy.stdout)")
        try await stage.putErrors(3, version: "2")
        #expect(deploy.wait() == 1, "\(deploy.stdout)\(deploy.stderr)")
        #expect(deploy.stderr.contains("Errors 3 (threshold 0)"), "\(deploy.stderr)")
        #expect(deploy.stderr.contains("rolled back: live stays on version 1"), "\(deploy.stderr)")
        let after = try await stage.alias()
        #expect(after.functionVersion == "1")
        #expect(after.weights.isEmpty, "\(after)")
        // The stage is behind hoist.yml (version 2 exists, the alias is not on it) until a deploy moves it.
        let plan = try HoistBinary.run(["plan", "--detailed-exitcode"] + stage.common, environment: stage.environment)
        #expect(plan.status == 2, "\(plan.stdout)")
    }

    @Test("--canary-threshold 5: three errors in the window are tolerated and the new version is promoted")
    func withinThreshold() async throws {
        let stage = try Stage()
        let deploy = try stage.deploy(["--canary", "10%:3s", "--canary-threshold", "5"])
        #expect(deploy.waitForOutput { $0.contains("canary \(stage.function):live 1 → 2") }, "\(deploy.stdout)")
        try await stage.putErrors(3, version: "2")
        #expect(deploy.wait() == 0, "\(deploy.stdout)\(deploy.stderr)")
        #expect(deploy.stdout.contains("3 errors"), "\(deploy.stdout)")
        #expect(try await stage.alias().functionVersion == "2")
    }

    @Test("Ctrl-C during the window rolls back (exit 130); a kill leaves weights that a rerun finishes")
    func interrupted() async throws {
        let stage = try Stage()
        let stopped = try stage.deploy(["--canary", "10%:60s"])
        #expect(stopped.waitForOutput { $0.contains("canary \(stage.function):live 1 → 2") }, "\(stopped.stdout)")
        #expect(stopped.stop(SIGINT) == 130, "\(stopped.stdout)\(stopped.stderr)")
        let afterInterrupt = try await stage.alias()
        #expect(afterInterrupt.functionVersion == "1")
        #expect(afterInterrupt.weights.isEmpty, "\(afterInterrupt)")

        let killed = try stage.deploy(["--canary", "10%:60s"])
        #expect(killed.waitForOutput { $0.contains("canary \(stage.function):live 1 → 2") }, "\(killed.stdout)")
        _ = killed.stop(SIGKILL)
        #expect(try await stage.alias().weights == ["2": 0.1], "a kill leaves the weights")
        let plan = try HoistBinary.run(["plan"] + stage.common, environment: stage.environment)
        #expect(plan.stdout.contains("routing: 2=10% → none"), "\(plan.stdout)")
        let rerun = try HoistBinary.run(["deploy", "--yes"] + stage.common, environment: stage.environment)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let finished = try await stage.alias()
        #expect(finished.functionVersion == "2")
        #expect(finished.weights.isEmpty, "\(finished)")
    }
}
