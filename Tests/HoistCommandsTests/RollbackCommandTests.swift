import Foundation
import HoistAWS
import HoistCore
import HoistTestSupport
import Testing

/// `hoist releases` and `hoist rollback` as the real binary against moto.
@Suite("Releases and rollback (binary, moto)", .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct RollbackCommandTests {
    /// The proxy log's entries as `METHOD path`.
    static func calls(in log: URL) -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let method = object["method"] as? String, let path = object["path"] as? String
            else { return nil }
            return "\(method) \(path)"
        }
    }

    @Test("two deploys, two versions; rollback is one UpdateAlias; plan exits 2 naming the alias; deploy moves it on")
    func rollbackAndForward() throws {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        let log = folder.appendingPathComponent("proxy.log")
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--log", log.path])
        defer { proxy.terminate() }
        let config = folder.appendingPathComponent("hoist.yml")
        let project = try PlanDeployCommandTests.projectName(in: folder)
        let function = "\(project)-dev"
        let common = ["--config", config.path, "--endpoint-url", proxy.endpoint]
        let artifacts = ["--bootstrap", folder.appendingPathComponent("boot").path, "--no-gate"]
        let environment = PlanDeployCommandTests.environment(moto)

        let first = try HoistBinary.run(["deploy", "--yes"] + common + artifacts, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        try "#!/bin/sh\necho hoist-test v2\n".write(
            to: folder.appendingPathComponent("boot"), atomically: true, encoding: .utf8)
        let second = try HoistBinary.run(["deploy", "--yes"] + common + artifacts, environment: environment)
        #expect(second.status == 0, "\(second.stderr)")

        let releases = try HoistBinary.run(["releases", "--format", "json"] + common, environment: environment)
        #expect(releases.status == 0, "\(releases.stderr)")
        let listed = try #require(
            try JSONSerialization.jsonObject(with: Data(releases.stdout.utf8)) as? [[String: Any]])
        #expect(listed.first?["alias_version"] as? Int == 2, "\(releases.stdout)")
        let versions = try #require(listed.first?["versions"] as? [[String: Any]])
        #expect(versions.compactMap { $0["version"] as? Int } == [2, 1])
        #expect(versions.allSatisfy { ($0["code_sha256"] as? String)?.count == 44 }, "\(releases.stdout)")
        #expect(versions.first?["published_at"] is String, "\(releases.stdout)")
        let text = try HoistBinary.run(["releases"] + common, environment: environment)
        #expect(text.stdout.contains("\(function) (alias live → 2)"), "\(text.stdout)")

        // Rollback: one write (the alias), no build, no upload, no function update.
        try Data().write(to: log)
        let dry = try HoistBinary.run(["rollback", "--dry-run"] + common, environment: environment)
        #expect(dry.stdout.contains("would roll back \(function):live 2 → 1"), "\(dry.stdout)\(dry.stderr)")
        #expect(PlanDeployCommandTests.writes(in: log).isEmpty, "\(PlanDeployCommandTests.writes(in: log))")
        let rollback = try HoistBinary.run(["rollback"] + common, environment: environment)
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(rollback.stdout.contains("rolled back \(function):live 2 → 1"), "\(rollback.stdout)")
        #expect(
            PlanDeployCommandTests.writes(in: log) == ["PUT /2015-03-31/functions/\(function)/aliases/live"],
            "\(Self.calls(in: log))")
        #expect(
            try Self.calls(in: log).filter { $0.contains("/code") || $0.contains("/configuration") }.allSatisfy {
                $0.hasPrefix("GET ")
            })
        let further = try HoistBinary.run(["rollback"] + common, environment: environment)
        #expect(further.status == 1)
        #expect(further.stderr.contains("NothingToRollBackTo"), "\(further.stderr)")

        // The stage is behind hoist.yml until the next deploy, which moves the alias and publishes nothing.
        let behind = try HoistBinary.run(
            ["plan", "--detailed-exitcode"] + common + artifacts, environment: environment)
        #expect(behind.status == 2, "\(behind.stdout)\(behind.stderr)")
        #expect(behind.stdout.contains("~ update alias.\(function):live"), "\(behind.stdout)")
        #expect(behind.stdout.contains("function_version: 1 → 2"), "\(behind.stdout)")
        try Data().write(to: log)
        let forward = try HoistBinary.run(["deploy", "--yes"] + common + artifacts, environment: environment)
        #expect(forward.status == 0, "\(forward.stderr)")
        #expect(
            PlanDeployCommandTests.writes(in: log) == ["PUT /2015-03-31/functions/\(function)/aliases/live"],
            "\(Self.calls(in: log))")
        let clean = try HoistBinary.run(["plan", "--detailed-exitcode"] + common + artifacts, environment: environment)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    }

    @Test("a version whose table was dropped is refused, naming the table; --force rolls back anyway")
    func refusesIncompatible() throws {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        let config = folder.appendingPathComponent("hoist.yml")
        let original = try String(contentsOf: config, encoding: .utf8)
        let project = try PlanDeployCommandTests.projectName(in: folder)
        try original.replacingOccurrences(of: "tables:\n", with: "tables:\n  extra:\n    partition_key: id\n").write(
            to: config, atomically: true, encoding: .utf8)
        let common = ["--config", config.path, "--endpoint-url", moto.endpoint]
        let artifacts = ["--bootstrap", folder.appendingPathComponent("boot").path, "--no-gate"]
        let environment = PlanDeployCommandTests.environment(moto)
        #expect(try HoistBinary.run(["deploy", "--yes"] + common + artifacts, environment: environment).status == 0)
        // Version 2 no longer uses the table; the table itself is then dropped (a deploy keeps data, so by hand).
        try original.write(to: config, atomically: true, encoding: .utf8)
        #expect(try HoistBinary.run(["deploy", "--yes"] + common + artifacts, environment: environment).status == 0)
        let dropped = try OwnershipTests.aws(
            ["dynamodb", "delete-table", "--table-name", "\(project)-dev-extra"], endpoint: moto.endpoint)
        #expect(dropped.status == 0, "\(dropped.stderr)")

        let refused = try HoistBinary.run(["rollback"] + common, environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("IncompatibleVersion"), "\(refused.stderr)")
        #expect(refused.stderr.contains("\(project)-dev-extra"), "\(refused.stderr)")
        let forced = try HoistBinary.run(["rollback", "--force"] + common, environment: environment)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("2 → 1"), "\(forced.stdout)")
    }
}
