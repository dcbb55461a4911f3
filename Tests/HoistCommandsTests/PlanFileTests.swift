import Foundation
import HoistAWS
import HoistCore
import Testing

/// `hoist plan --out` then `hoist apply`, and `hoist destroy` as a plan, as the real binary against moto (auth
/// enforced) through the recording proxy.
@Suite(
    "hoist apply and destroy plans (binary, moto)",
    .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct PlanFileTests {
    /// Runs hoist in `folder` against the proxy.
    static func hoist(_ arguments: [String], _ folder: URL, _ proxy: HoistBinary.Proxy) throws -> HoistBinary.Result {
        let moto = try HoistBinary.moto()
        return try HoistBinary.run(
            arguments + [
                "--config", folder.appendingPathComponent("hoist.yml").path, "--endpoint-url", proxy.endpoint,
            ],
            environment: PlanDeployCommandTests.environment(moto))
    }

    /// The proxy log's lines so far, to tell which writes a step made.
    static func lineCount(_ log: URL) -> Int {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// The writes logged after the first `from` lines.
    static func writes(in log: URL, after from: Int) throws -> [String] {
        let lines = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").dropFirst(from)
        let tail = try HoistBinary.temporaryFolder().appendingPathComponent("tail.log")
        try lines.joined(separator: "\n").write(to: tail, atomically: true, encoding: .utf8)
        return PlanDeployCommandTests.writes(in: tail)
    }

    @Test("plan --out, apply, then no change; drift in the account and a rebuilt artifact are refused, nothing written")
    func applyAsReviewed() async throws {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        let log = folder.appendingPathComponent("proxy.log")
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--log", log.path])
        defer { proxy.terminate() }
        let artifacts = ["--bootstrap", folder.appendingPathComponent("boot").path, "--no-gate"]
        let plan = folder.appendingPathComponent("plan.json").path

        let planned = try Self.hoist(["plan", "--out", plan] + artifacts, folder, proxy)
        #expect(planned.status == 0, "\(planned.stderr)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan))) as? [String: Any])
        #expect(document["format_version"] as? String == Plan.formatVersion)
        #expect(document["account"] as? String == "123456789012")
        #expect((document["artifacts"] as? [[String: Any]])?.first?["sha256"] as? String != nil)
        #expect(document["hoist_version"] as? String == HoistVersion.version)

        let applied = try Self.hoist(["apply", plan], folder, proxy)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("API: https://"), "\(applied.stdout)")
        let clean = try Self.hoist(["plan", "--detailed-exitcode"] + artifacts, folder, proxy)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")

        // A plan to 1024 MB, then someone sets 2048 MB directly: the plan no longer describes the account.
        let config = folder.appendingPathComponent("hoist.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "memory: 512", with: "memory: 1024").write(
            to: config, atomically: true, encoding: .utf8)
        #expect(try Self.hoist(["plan", "--out", plan] + artifacts, folder, proxy).status == 0)
        let name = try #require(text.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        let client = try DeploymentFaultTests.client(endpoint: moto.endpoint)
        var change = UpdateFunctionConfigurationInput()
        change.memorySize = 2048
        _ = try await Lambda(client: client).updateFunctionConfiguration(name: "\(name)-dev", change)
        var before = Self.lineCount(log)
        let drifted = try Self.hoist(["apply", plan], folder, proxy)
        #expect(drifted.status == 1)
        #expect(drifted.stderr.contains("function.\(name)-dev memory"), "\(drifted.stderr)")
        #expect(drifted.stderr.contains("PlanOutdated"), "\(drifted.stderr)")
        let driftWrites = try Self.writes(in: log, after: before)
        #expect(driftWrites.isEmpty, "\(driftWrites)")

        // A fresh plan, then the artifact rebuilt with other bytes: refused before any call that writes.
        #expect(try Self.hoist(["plan", "--out", plan] + artifacts, folder, proxy).status == 0)
        try "#!/bin/sh\necho rebuilt\n".write(
            to: folder.appendingPathComponent("boot"), atomically: true, encoding: .utf8)
        // Planning again packages the new bootstrap into the same .hoist/dist/code.zip the saved plan names.
        #expect(try Self.hoist(["plan"] + artifacts, folder, proxy).status == 0)
        before = Self.lineCount(log)
        let rebuilt = try Self.hoist(["apply", plan], folder, proxy)
        #expect(rebuilt.status == 1)
        #expect(rebuilt.stderr.contains("ArtifactChanged") && rebuilt.stderr.contains("code.zip"), "\(rebuilt.stderr)")
        #expect(try Self.writes(in: log, after: before).isEmpty)

        // A plan for another stage is refused too.
        let other = try Self.hoist(["apply", plan, "--stage", "prod"], folder, proxy)
        #expect(other.status == 1)
        #expect(other.stderr.contains("PlanTargetMismatch"), "\(other.stderr)")
    }

    @Test("destroy --dry-run writes nothing and lists exactly what destroy --yes then deletes")
    func destroyDryRun() throws {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        let log = folder.appendingPathComponent("proxy.log")
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--log", log.path])
        defer { proxy.terminate() }
        let artifacts = ["--bootstrap", folder.appendingPathComponent("boot").path, "--no-gate"]
        #expect(try Self.hoist(["deploy", "--yes"] + artifacts, folder, proxy).status == 0)

        var before = Self.lineCount(log)
        let dry = try Self.hoist(["destroy", "--dry-run", "--format", "json", "--detailed-exitcode"], folder, proxy)
        #expect(dry.status == 2, "\(dry.stderr)")
        let driftWrites = try Self.writes(in: log, after: before)
        #expect(driftWrites.isEmpty, "\(driftWrites)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        #expect(document["mode"] as? String == "destroy")
        let planned = (document["resources"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "delete" }
            .compactMap { $0["address"] as? String }
        #expect(planned.count >= 9, "\(planned)")
        #expect(!planned.contains { $0.hasPrefix("table.") || $0.hasPrefix("secret.") }, "data is kept: \(planned)")
        let kept = document["kept"] as? [String] ?? []
        #expect(kept.filter { $0.hasPrefix("table.") }.count == 2 && kept.contains { $0.hasPrefix("secret.") })

        before = Self.lineCount(log)
        let destroyed = try Self.hoist(["destroy", "--yes"], folder, proxy)
        #expect(destroyed.status == 0, "\(destroyed.stderr)")
        let deleted = destroyed.stdout.split(separator: "\n").filter { $0.hasPrefix("delete ") }.map {
            String($0.dropFirst("delete ".count))
        }
        #expect(deleted == planned, "planned \(planned), deleted \(deleted)")
        let destroyWrites = try Self.writes(in: log, after: before)
        #expect(!destroyWrites.isEmpty)
        let again = try Self.hoist(["destroy", "--dry-run", "--detailed-exitcode"], folder, proxy)
        #expect(again.status == 0, "nothing left to delete but the data: \(again.stdout)")
    }

    @Test("destroy --dry-run --out writes a destroy plan that hoist apply runs")
    func applyDestroyPlan() async throws {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: [])
        defer { proxy.terminate() }
        let artifacts = ["--bootstrap", folder.appendingPathComponent("boot").path, "--no-gate"]
        #expect(try Self.hoist(["deploy", "--yes"] + artifacts, folder, proxy).status == 0)
        let plan = folder.appendingPathComponent("destroy.json").path
        let written = try Self.hoist(["destroy", "--dry-run", "--out", plan], folder, proxy)
        #expect(written.status == 0, "\(written.stderr)")
        let applied = try Self.hoist(["apply", plan], folder, proxy)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("delete function."), "\(applied.stdout)")
        let client = try DeploymentFaultTests.client(endpoint: moto.endpoint)
        let name =
            try String(contentsOf: folder.appendingPathComponent("hoist.yml"), encoding: .utf8)
            .split(separator: "\n").first?.split(separator: " ").last.map(String.init) ?? ""
        await #expect(throws: AWSError.self) { _ = try await Lambda(client: client).getFunction(name: "\(name)-dev") }
        let again = try Self.hoist(["destroy", "--dry-run", "--detailed-exitcode"], folder, proxy)
        #expect(again.status == 0, "\(again.stdout)")
    }
}
