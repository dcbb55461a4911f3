import Foundation
import Testing

@testable import HoistCore

/// The inputs of DESIGN.md's example deployment.
enum ExampleDeployment {
    static func inputs(memory: Int = 512, layer: Bool = false, viaS3: Bool = false) -> DeploymentInputs {
        DeploymentInputs(
            project: "movies-api", stage: "dev", region: "us-east-1", account: "123456789012", memory: memory,
            environment: ["LOG_LEVEL": "info"],
            tables: [
                .init(name: "users", partitionKey: ("username", "S")),
                .init(name: "movies", partitionKey: ("movieId", "S")),
            ],
            secrets: [.init(name: "JWT_SECRET_KEY", environmentName: "JWT_SECRET_ARN")], admins: ["alice", "bob"],
            logRetentionDays: 14, tags: ["team": "movies"],
            code: .init(sha256Base64: "Y29kZQ==", sha256Hex: "c0de", bytes: 4_000_000, viaS3: viaS3),
            layer: layer ? .init(sha256Base64: "bGF5ZXI=", sha256Hex: "1a7e", bytes: 21_000_000, viaS3: true) : nil)
    }

    static func plan(desired: [ResourceState], observed: [ResourceState]) -> Plan {
        Planner.plan(
            project: "movies-api", stage: "dev", region: "us-east-1", account: "123456789012", desired: desired,
            observed: observed)
    }
}

@Suite("Planner")
struct PlanTests {
    @Test("a fresh account plans a create for every resource of DESIGN.md, dependencies first")
    func freshAccount() throws {
        let desired = DesiredStateBuilder.build(ExampleDeployment.inputs())
        let plan = ExampleDeployment.plan(desired: desired, observed: [])
        #expect(plan.resources.allSatisfy { $0.action == .create })
        let addresses = plan.resources.map(\.address.description)
        for expected in [
            "role.movies-api-dev", "role_policy.movies-api-dev-execution", "log_group./aws/lambda/movies-api-dev",
            "table.movies-api-dev-users", "table.movies-api-dev-movies", "secret.movies-api/dev/JWT_SECRET_KEY",
            "function.movies-api-dev", "version.movies-api-dev", "alias.movies-api-dev:live", "api.movies-api-dev",
            "integration.movies-api-dev", "route.$default", "stage.$default",
            "permission.movies-api-dev-apigateway-invoke-live",
        ] {
            #expect(addresses.contains(expected), "missing \(expected)")
        }
        func position(_ address: String) throws -> Int { try #require(addresses.firstIndex(of: address)) }
        #expect(try position("role.movies-api-dev") < position("function.movies-api-dev"))
        #expect(try position("table.movies-api-dev-users") < position("function.movies-api-dev"))
        #expect(try position("function.movies-api-dev") < position("integration.movies-api-dev"))
        #expect(try position("integration.movies-api-dev") < position("route.$default"))
        #expect(try position("function.movies-api-dev") < position("version.movies-api-dev"))
        #expect(try position("version.movies-api-dev") < position("alias.movies-api-dev:live"))
        #expect(
            try position("alias.movies-api-dev:live") < position("permission.movies-api-dev-apigateway-invoke-live"))
        #expect(plan.hasChanges)
        // DESIGN.md's twelve, the project's permissions boundary, the version and the alias.
        #expect(plan.count(.create) == 15)
        #expect(addresses.contains("permissions_boundary.hoist-movies-api-boundary"))
    }

    @Test("the function's environment carries table names, the secret's ARN and admins, never a value")
    func environmentContract() throws {
        let desired = DesiredStateBuilder.build(ExampleDeployment.inputs())
        let function = try #require(desired.first { $0.kind == .function })
        guard case .map(let environment) = function.attributes["environment"] else {
            Issue.record("no environment")
            return
        }
        #expect(environment["USERS_TABLE"] == .string("movies-api-dev-users"))
        #expect(environment["MOVIES_TABLE"] == .string("movies-api-dev-movies"))
        #expect(
            environment["JWT_SECRET_ARN"]
                == .string("arn:aws:secretsmanager:us-east-1:123456789012:secret:movies-api/dev/JWT_SECRET_KEY"))
        #expect(environment["ADMIN_USERNAMES"] == .string("alice,bob"))
        // A user value (not marked public in hoist.yml) shows as its digest (EnvironmentDigestTests).
        #expect(environment["LOG_LEVEL"] == .string("sha256:06271baf4953…"))
        #expect(function.attributes["runtime"] == .string("provided.al2023"))
        #expect(function.attributes["handler"] == .string("bootstrap"))
    }

    @Test("observed equal to desired: no changes")
    func upToDate() {
        let desired = DesiredStateBuilder.build(ExampleDeployment.inputs())
        let plan = ExampleDeployment.plan(desired: desired, observed: desired)
        #expect(!plan.hasChanges)
        #expect(plan.count(.noOp) == desired.count)
        #expect(PlanRenderer.text(plan, color: false).contains("No changes"))
    }

    @Test("memory changed: exactly that attribute is updated")
    func memoryChange() throws {
        // No published version holds 1024 MB, so the reader finds none: the version is published anew.
        var observed = DesiredStateBuilder.build(ExampleDeployment.inputs(memory: 512))
        observed.removeAll { $0.kind == .functionVersion }
        let desired = DesiredStateBuilder.build(ExampleDeployment.inputs(memory: 1024))
        let plan = ExampleDeployment.plan(desired: desired, observed: observed)
        let changed = plan.resources.filter { $0.action != .noOp }
        #expect(changed.map(\.address.description) == ["function.movies-api-dev", "version.movies-api-dev"])
        #expect(changed.last?.action == .create)
        let update = try #require(changed.first)
        #expect(update.action == .update)
        #expect(update.changes == [AttributeChange(attribute: "memory", before: .int(512), after: .int(1024))])
    }

    @Test("a new partition key forces replacement of the table")
    func keyChangeReplaces() throws {
        let observed = DesiredStateBuilder.build(ExampleDeployment.inputs())
        var inputs = ExampleDeployment.inputs()
        inputs.tables[0] = .init(name: "users", partitionKey: ("email", "S"))
        let plan = ExampleDeployment.plan(desired: DesiredStateBuilder.build(inputs), observed: observed)
        let table = try #require(plan.resources.first { $0.address == "table.movies-api-dev-users" })
        #expect(table.action == .replace)
        #expect(table.changes.first?.forcesReplacement == true)
        #expect(table.reason.contains("partition_key"))
    }

    @Test("an observed route no longer configured is deleted")
    func pruneRoute() throws {
        var observed = DesiredStateBuilder.build(ExampleDeployment.inputs())
        observed.append(ResourceState(kind: .route, name: "GET /old", attributes: ["target": .string("x")]))
        let plan = ExampleDeployment.plan(
            desired: DesiredStateBuilder.build(ExampleDeployment.inputs()), observed: observed)
        let deleted = plan.resources.filter { $0.action == .delete }
        #expect(deleted.map(\.address.description) == ["route.GET /old"])
    }

    @Test("artifacts over the limit bring the bucket and their objects into the plan")
    func viaS3() {
        let desired = DesiredStateBuilder.build(ExampleDeployment.inputs(layer: true, viaS3: true))
        let addresses = Set(desired.map(\.address.description))
        #expect(addresses.contains("artifact_bucket.hoist-123456789012-us-east-1"))
        #expect(addresses.contains("artifact.movies-api/c0de.zip"))
        #expect(addresses.contains("artifact.movies-api/1a7e.zip"))
        #expect(addresses.contains("layer.movies-api-dev-deps"))
        let ordered = Planner.ordered(desired).map(\.address.description)
        #expect(
            ordered.firstIndex(of: "artifact.movies-api/1a7e.zip")! < ordered.firstIndex(
                of: "layer.movies-api-dev-deps")!)
    }

    @Test("dependency cycles do not hang ordering")
    func cycle() {
        let a = ResourceState(kind: .role, name: "a", attributes: [:], dependsOn: ["function.b"])
        let b = ResourceState(kind: .function, name: "b", attributes: [:], dependsOn: ["role.a"])
        #expect(Planner.ordered([a, b]).count == 2)
    }
}

@Suite("Plan renderers")
struct PlanRendererTests {
    func changedPlan() -> Plan {
        var observed = DesiredStateBuilder.build(ExampleDeployment.inputs(memory: 512))
        observed.removeAll { $0.kind == .secret || $0.kind == .functionVersion }
        var desired = DesiredStateBuilder.build(ExampleDeployment.inputs(memory: 1024))
        if let index = desired.firstIndex(where: { $0.kind == .secret }) {
            desired[index].attributes["value"] = .sensitive(digest: "abc")
        }
        return ExampleDeployment.plan(desired: desired, observed: observed)
    }

    @Test("text: markers, before → after, summary; colour only when asked")
    func text() {
        let plain = PlanRenderer.text(changedPlan(), color: false)
        #expect(plain.contains("~ update function.movies-api-dev"))
        #expect(plain.contains("memory: 512 → 1024"))
        #expect(plain.contains("+ create secret.movies-api/dev/JWT_SECRET_KEY"))
        #expect(plain.contains("value: (sensitive)"))
        #expect(plain.contains("+ create version.movies-api-dev"))
        #expect(plain.contains("Plan: 2 to create, 1 to update, 0 to replace, 0 to delete"))
        #expect(!plain.contains("\u{1B}["))
        #expect(PlanRenderer.text(changedPlan(), color: true).contains("\u{1B}[33m~ update"))
    }

    @Test("JSON: format_version, per-resource address, action, before and after; sensitive hidden")
    func json() throws {
        let text = PlanRenderer.json(changedPlan())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["format_version"] as? String == Plan.formatVersion)
        #expect(object["has_changes"] as? Bool == true)
        let resources = try #require(object["resources"] as? [[String: Any]])
        let function = try #require(resources.first { $0["address"] as? String == "function.movies-api-dev" })
        #expect(function["action"] as? String == "update")
        let changes = try #require(function["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes[0]["attribute"] as? String == "memory")
        #expect(changes[0]["before"] as? Int == 512)
        #expect(changes[0]["after"] as? Int == 1024)
        #expect(text.contains("\"(sensitive)\""))
        #expect(!text.contains("abc"))
    }

    @Test("Markdown: a table of changed resources with escaped cells")
    func markdown() {
        let text = PlanRenderer.markdown(changedPlan())
        #expect(text.contains("| action | resource | changes |"))
        #expect(text.contains("| ~ update | `function.movies-api-dev` | `memory`: `512` → `1024` |"))
        #expect(PlanRenderer.cell(.string("a|b")) == "`a\\|b`")
        let none = ExampleDeployment.plan(
            desired: DesiredStateBuilder.build(ExampleDeployment.inputs()),
            observed: DesiredStateBuilder.build(ExampleDeployment.inputs()))
        #expect(PlanRenderer.markdown(none).contains("No changes."))
    }
}

@Suite("backend/hoist.yml to deployment inputs")
struct ConfigToInputsTests {
    @Test("the repository's backend config parses and yields DESIGN.md's resources")
    func backendConfig() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let config = try HoistConfig.load(path: root.appendingPathComponent("backend/hoist.yml").path).resolved()
        let inputs = DeploymentInputs(
            config: config, region: "us-east-1", account: "123456789012",
            code: .init(sha256Base64: "x", sha256Hex: "y", bytes: 1, viaS3: false), layer: nil)
        #expect(inputs.stage == "dev")
        #expect(inputs.tables.map(\.environmentName).sorted() == ["MOVIES_TABLE", "USERS_TABLE"])
        #expect(inputs.secrets.map(\.environmentName) == ["JWT_SECRET_ARN"])
        let addresses = Set(DesiredStateBuilder.build(inputs).map(\.address.description))
        #expect(
            addresses.isSuperset(of: [
                "function.movies-api-dev", "role.movies-api-dev", "table.movies-api-dev-users",
                "table.movies-api-dev-movies",
                "secret.movies-api/dev/JWT_SECRET_KEY", "api.movies-api-dev", "log_group./aws/lambda/movies-api-dev",
            ]))
        // The users table holds password hashes and no route lists users: the API may not Scan it.
        let policy = try #require(
            DesiredStateBuilder.build(inputs).first { $0.address == "role_policy.movies-api-dev-execution" })
        guard case .string(let document) = policy.attributes["document"] else {
            Issue.record("no document")
            return
        }
        let statements = try #require(
            (try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])?["Statement"]
                as? [[String: Any]])
        func actions(on table: String) -> Set<String> {
            Set(
                statements.filter { ($0["Resource"] as? [String])?.contains { $0.hasSuffix("table/\(table)") } == true }
                    .flatMap { $0["Action"] as? [String] ?? [] })
        }
        #expect(actions(on: "movies-api-dev-users") == ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"])
        #expect(actions(on: "movies-api-dev-movies").contains("dynamodb:Scan"))
        let prod = try HoistConfig.load(path: root.appendingPathComponent("backend/hoist.yml").path).resolved(
            stage: "prod")
        #expect(prod.function.memory == 1024)
    }
}
