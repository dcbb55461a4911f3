import Foundation
import Testing

@testable import HoistCore

@Suite("Scheduled rotation in the desired state")
struct RotationPlanTests {
    static let secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:movies-api/dev/JWT_SECRET_KEY-AbCdEf"

    func inputs(rotateEvery days: Int? = 30) -> DeploymentInputs {
        var inputs = ExampleDeployment.inputs(layer: true)
        inputs.secrets[0].rotateEveryDays = days
        return inputs
    }

    func resource(_ desired: [ResourceState], _ address: String) throws -> ResourceState {
        try #require(desired.first { $0.address == address }, "no \(address)")
    }

    func strings(_ value: PlanValue?) -> [String: String] {
        guard case .map(let map) = value else { return [:] }
        return map.compactMapValues { if case .string(let text) = $0 { return text } else { return nil } }
    }

    static let rotationAddresses = [
        "role.movies-api-dev-rotate", "role_policy.movies-api-dev-rotate-execution",
        "log_group./aws/lambda/movies-api-dev-rotate", "function.movies-api-dev-rotate",
        "permission.movies-api-dev-rotate-secretsmanager-invoke", "secret_rotation.movies-api/dev/JWT_SECRET_KEY",
    ]

    @Test("without rotate_every there is no rotation resource")
    func noRotation() {
        let addresses = DesiredStateBuilder.build(inputs(rotateEvery: nil)).map(\.address.description)
        #expect(!addresses.contains { $0.contains("rotate") || $0.hasPrefix("secret_rotation.") }, "\(addresses)")
    }

    @Test("rotate_every adds a function from the same code and layer, in rotation mode, with its own role")
    func rotationFunction() throws {
        let desired = DesiredStateBuilder.build(
            inputs(), knownSecretArns: ["movies-api/dev/JWT_SECRET_KEY": Self.secretArn])
        for address in Self.rotationAddresses { _ = try resource(desired, address) }
        let api = try resource(desired, "function.movies-api-dev")
        let rotation = try resource(desired, "function.movies-api-dev-rotate")
        for shared in ["code_sha256", "layers", "runtime", "handler", "architecture", "tags"] {
            #expect(rotation.attributes[shared] == api.attributes[shared], "\(shared)")
        }
        #expect(rotation.attributes["role"] == .string("arn:aws:iam::123456789012:role/movies-api-dev-rotate"))
        #expect(
            strings(rotation.attributes["environment"]) == [
                "HOIST_ROTATION_HANDLER": "1", "JWT_SECRET_ARN": Self.secretArn, "ROTATION_SECRET_LENGTH": "64",
            ])
        #expect(rotation.attributes["memory"] == .int(DesiredStateBuilder.rotationMemory))
        #expect(rotation.attributes["timeout"] == .int(DesiredStateBuilder.rotationTimeout))
        #expect(Set(rotation.dependsOn).isSuperset(of: ["role.movies-api-dev-rotate", "layer.movies-api-dev-deps"]))
        #expect(
            !rotation.dependsOn.contains { $0.description.hasPrefix("table.") }, "the rotation handler needs no table")
        let role = try resource(desired, "role.movies-api-dev-rotate")
        #expect(role.attributes["trust_policy"] == .string(PolicyDocument.lambdaTrust))
        let log = try resource(desired, "log_group./aws/lambda/movies-api-dev-rotate")
        #expect(log.attributes["retention_days"] == .int(14))
    }

    @Test("the rotation role may do the four rotation actions on its secret; the API's role still only reads")
    func policies() throws {
        let desired = DesiredStateBuilder.build(inputs())
        let policy = try resource(desired, "role_policy.movies-api-dev-rotate-execution")
        #expect(policy.attributes["role"] == .string("movies-api-dev-rotate"))
        guard case .string(let document) = policy.attributes["document"] else {
            Issue.record("no document")
            return
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let statements = try #require(object["Statement"] as? [[String: Any]])
        let secrets = try #require(statements.first { $0["Sid"] as? String == "RotateSecret" })
        #expect(
            secrets["Action"] as? [String] == [
                "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                "secretsmanager:UpdateSecretVersionStage",
            ])
        #expect(
            secrets["Resource"] as? [String] == [
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:movies-api/dev/JWT_SECRET_KEY-??????"
            ])
        let resources = statements.flatMap { $0["Resource"] as? [String] ?? [] }
        #expect(!resources.contains("*"))
        #expect(
            resources.filter { $0.contains(":logs:") } == [
                "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/movies-api-dev-rotate:*"
            ])
        #expect(statements.count == 2)

        let apiPolicy = try resource(desired, "role_policy.movies-api-dev-execution")
        guard case .string(let apiDocument) = apiPolicy.attributes["document"] else {
            Issue.record("no API document")
            return
        }
        #expect(apiDocument.contains("secretsmanager:GetSecretValue"))
        #expect(!apiDocument.contains("PutSecretValue") && !apiDocument.contains("UpdateSecretVersionStage"))
        #expect(
            apiDocument
                == DesiredStateBuilder.build(inputs(rotateEvery: nil)).first { $0.address == apiPolicy.address }.map {
                    if case .string(let text) = $0.attributes["document"] { return text } else { return "" }
                })
    }

    @Test("Secrets Manager may invoke it for this secret; the schedule comes after function, policy and permission")
    func permissionAndSchedule() throws {
        let desired = DesiredStateBuilder.build(inputs())
        let permission = try resource(desired, "permission.movies-api-dev-rotate-secretsmanager-invoke")
        #expect(
            permission.attributes == [
                "action": .string("lambda:InvokeFunction"), "principal": .string("secretsmanager.amazonaws.com"),
                "source": .string("secret.movies-api/dev/JWT_SECRET_KEY"),
            ])
        let schedule = try resource(desired, "secret_rotation.movies-api/dev/JWT_SECRET_KEY")
        #expect(
            schedule.attributes == ["function": .string("function.movies-api-dev-rotate"), "after_days": .int(30)])
        let order = Planner.ordered(desired).map(\.address.description)
        func position(_ address: String) throws -> Int { try #require(order.firstIndex(of: address)) }
        #expect(try position("function.movies-api-dev-rotate") < position(permission.address.description))
        #expect(try position(permission.address.description) < position(schedule.address.description))
        #expect(try position("role_policy.movies-api-dev-rotate-execution") < position(schedule.address.description))
        #expect(try position("secret.movies-api/dev/JWT_SECRET_KEY") < position(schedule.address.description))
    }

    @Test("30 → 7 days is one attribute of one resource")
    func changeOfSchedule() {
        let observed = DesiredStateBuilder.build(inputs(rotateEvery: 30))
        let plan = ExampleDeployment.plan(
            desired: DesiredStateBuilder.build(inputs(rotateEvery: 7)), observed: observed)
        let changed = plan.resources.filter { $0.action != .noOp }
        #expect(changed.map(\.address.description) == ["secret_rotation.movies-api/dev/JWT_SECRET_KEY"])
        #expect(changed.first?.changes == [AttributeChange(attribute: "after_days", before: .int(30), after: .int(7))])
    }

    @Test(
        "rotate_every removed: the schedule, permission, function, log group, policy and role are deleted, in that order"
    )
    func removal() {
        let observed = DesiredStateBuilder.build(inputs(rotateEvery: 30))
        let plan = ExampleDeployment.plan(
            desired: DesiredStateBuilder.build(inputs(rotateEvery: nil)), observed: observed)
        let changed = plan.resources.filter { $0.action != .noOp }
        #expect(changed.allSatisfy { $0.action == .delete })
        #expect(
            changed.map(\.address.description) == [
                "secret_rotation.movies-api/dev/JWT_SECRET_KEY",
                "permission.movies-api-dev-rotate-secretsmanager-invoke", "function.movies-api-dev-rotate",
                "log_group./aws/lambda/movies-api-dev-rotate", "role_policy.movies-api-dev-rotate-execution",
                "role.movies-api-dev-rotate",
            ])
        // The reader looks for exactly these when the config no longer asks for them.
        #expect(
            Set(DesiredStateBuilder.rotationProbes(inputs(rotateEvery: nil)).map(\.address.description))
                == Set(Self.rotationAddresses))
    }

    @Test("the plan renderers show the rotation resources")
    func rendered() {
        let plan = ExampleDeployment.plan(desired: DesiredStateBuilder.build(inputs()), observed: [])
        let text = PlanRenderer.text(plan, color: false)
        let json = PlanRenderer.json(plan)
        let markdown = PlanRenderer.markdown(plan)
        for address in Self.rotationAddresses {
            #expect(text.contains("+ create \(address)"), "\(address)")
            #expect(
                json.contains("\"address\" : \"\(address.replacingOccurrences(of: "/", with: "\\/"))\""), "\(address)")
            #expect(markdown.contains("`\(address)`"), "\(address)")
        }
        #expect(text.contains("after_days: 30"))
    }

    @Test("the config's rotate_every reaches the deployment inputs")
    func fromConfig() throws {
        let config = try HoistConfig.parse(
            yaml: minimalConfig("secrets:\n  JWT_SECRET_KEY: {env: JWT_SECRET_ARN, rotate_every: 30d}\n"),
            file: "hoist.yml")
        let inputs = DeploymentInputs(
            config: config, region: "us-east-1", account: "123456789012",
            code: .init(sha256Base64: "Y29kZQ==", sha256Hex: "c0de", bytes: 4, viaS3: false), layer: nil)
        #expect(inputs.secrets.map(\.rotateEveryDays) == [30])
    }
}
