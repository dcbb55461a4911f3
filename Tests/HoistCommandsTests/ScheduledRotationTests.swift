import Foundation
import HoistAWS
import HoistCore
import HoistCurl
import Testing

/// `rotate_every` through plan, apply and destroy against moto with auth enforced.
@Suite("Scheduled rotation against moto", .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct ScheduledRotationTests {
    func client(_ recorder: DeploymentEngineTests.OperationRecorder) throws -> AWSClient {
        let moto = try HoistBinary.moto()
        return AWSClient(
            transport: recorder,
            credentialProvider: StaticCredentialProvider(
                AWSCredentials(accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey)),
            region: "us-east-1", environment: AWSEnvironment(variables: [:], endpointOption: moto.endpoint),
            sleep: { _ in })
    }

    func inputs(project: String, rotateEvery days: Int?) throws -> DeploymentInputs {
        let engine = DeploymentEngineTests()
        var inputs = DeploymentFaultTests.inputs(project: project, code: try engine.makeZip("#!/bin/sh\necho rot\n"))
        inputs.layer = try engine.makeZip("layer of \(project)")
        inputs.secrets[0].rotateEveryDays = days
        return inputs
    }

    func apply(_ plan: Plan, _ inputs: DeploymentInputs, client: AWSClient) async throws {
        var applier = DeploymentEngine(client: client, inputs: inputs)
        applier.pollInterval = 0
        _ = try await applier.apply(plan)
    }

    /// The statements of a policy document as (actions, resources) pairs.
    func statements(_ document: String) throws -> [(actions: Set<String>, resources: [String])] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let statements = try #require(object["Statement"] as? [[String: Any]])
        return statements.map { statement in
            func list(_ value: Any?) -> [String] { value as? [String] ?? (value as? String).map { [$0] } ?? [] }
            return (Set(list(statement["Action"])), list(statement["Resource"]))
        }
    }

    @Test("rotate_every: created, then unchanged, 30 → 7 in one RotateSecret, removed, and destroyed")
    func lifecycle() async throws {
        let recorder = DeploymentEngineTests.OperationRecorder()
        let client = try client(recorder)
        let project = "sr\(UUID().uuidString.prefix(6).lowercased())"
        let base = "\(project)-dev"
        let rotate = "\(base)-rotate"
        let secretName = "\(project)/dev/JWT_SECRET_KEY"
        var inputs = try inputs(project: project, rotateEvery: 30)

        // Fresh deploy: everything is created, the rotation pieces included.
        let first = try await DeploymentPlanner(client: client).plan(inputs)
        #expect(first.resources.allSatisfy { $0.action == .create }, "\(PlanRenderer.text(first, color: false))")
        let rotationAddresses: Set<String> = [
            "role.\(rotate)", "role_policy.\(rotate)-execution", "log_group./aws/lambda/\(rotate)",
            "function.\(rotate)",
            "permission.\(rotate)-secretsmanager-invoke", "secret_rotation.\(secretName)",
        ]
        #expect(Set(first.resources.map(\.address.description)).isSuperset(of: rotationAddresses))
        try await apply(first, inputs, client: client)

        let lambda = Lambda(client: client)
        let api = try await lambda.getFunctionConfiguration(name: base)
        let rotation = try await lambda.getFunctionConfiguration(name: rotate)
        let secret = try await SecretsManager(client: client).describeSecret(id: secretName)
        let secretArn = try #require(secret.arn)
        #expect(rotation.codeSha256 == api.codeSha256 && rotation.codeSha256 == inputs.code.sha256Base64)
        #expect(rotation.layers?.map(\.arn) == api.layers?.map(\.arn) && rotation.layers?.count == 1)
        let environment = rotation.environment?.variables ?? [:]
        #expect(environment["HOIST_ROTATION_HANDLER"] == "1")
        #expect(environment["JWT_SECRET_ARN"] == secretArn)
        #expect(environment["USERS_TABLE"] == nil, "the rotation handler needs no table")
        #expect(
            rotation.role?.hasSuffix(":role/\(rotate)") == true && rotation.role != api.role, "\(rotation.role ?? "")")

        // The rotation role: exactly the four rotation actions on the one secret, logs on its own log group.
        let iam = IAM(client: client)
        let rotationPolicy = try statements(
            try await iam.getRolePolicy(roleName: rotate, policyName: "\(rotate)-execution"))
        let secretStatements = rotationPolicy.filter { $0.actions.contains { $0.hasPrefix("secretsmanager:") } }
        #expect(secretStatements.count == 1)
        #expect(
            secretStatements.first?.actions == [
                "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                "secretsmanager:UpdateSecretVersionStage",
            ])
        #expect(
            secretStatements.first?.resources == [
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:\(secretName)-??????"
            ])
        #expect(secretArn.hasPrefix("arn:aws:secretsmanager:us-east-1:123456789012:secret:\(secretName)-"))
        #expect(secretArn.count == "arn:aws:secretsmanager:us-east-1:123456789012:secret:\(secretName)-".count + 6)
        #expect(rotationPolicy.allSatisfy { !$0.resources.contains("*") && !$0.actions.contains("*") })
        #expect(
            rotationPolicy.flatMap(\.resources).filter { $0.contains(":logs:") } == [
                "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/\(rotate):*"
            ])
        // The API function's role stays read-only on the secret.
        let apiPolicy = try statements(try await iam.getRolePolicy(roleName: base, policyName: "\(base)-execution"))
        #expect(
            Set(apiPolicy.flatMap(\.actions).filter { $0.hasPrefix("secretsmanager:") }) == [
                "secretsmanager:GetSecretValue"
            ])

        // Secrets Manager may invoke it, for this secret only; the schedule names it.
        let permission = try await lambda.getPolicy(functionName: rotate)
        #expect(permission.contains("secretsmanager.amazonaws.com") && permission.contains(secretArn), "\(permission)")
        #expect(secret.rotationEnabled == true)
        #expect(secret.rotationRules?.automaticallyAfterDays == 30)
        #expect(secret.rotationLambdaARN == rotation.functionArn)
        #expect(try await CloudWatchLogs(client: client).logGroup(named: "/aws/lambda/\(rotate)") != nil)

        // Nothing left to do, and applying makes no write.
        let second = try await DeploymentPlanner(client: client).plan(inputs)
        #expect(!second.hasChanges, "\(PlanRenderer.text(second, color: false))")
        recorder.reset()
        try await apply(second, inputs, client: client)
        #expect(recorder.mutatingCalls.isEmpty, "\(recorder.mutatingCalls)")

        // 30 → 7: exactly that change, one RotateSecret.
        inputs.secrets[0].rotateEveryDays = 7
        let third = try await DeploymentPlanner(client: client).plan(inputs)
        let changed = third.resources.filter { $0.action != .noOp }
        #expect(
            changed.map(\.address.description) == ["secret_rotation.\(secretName)"],
            "\(PlanRenderer.text(third, color: false))")
        #expect(changed.first?.action == .update)
        #expect(changed.first?.changes == [AttributeChange(attribute: "after_days", before: .int(30), after: .int(7))])
        recorder.reset()
        try await apply(third, inputs, client: client)
        #expect(recorder.mutatingCalls == ["RotateSecret"], "\(recorder.mutatingCalls)")
        let weekly = try await SecretsManager(client: client).describeSecret(id: secretName)
        #expect(weekly.rotationEnabled == true && weekly.rotationRules?.automaticallyAfterDays == 7)
        #expect(!(try await DeploymentPlanner(client: client).plan(inputs)).hasChanges)

        // rotate_every removed: the rotation is cancelled and its function, role, policy, log group and permission
        // deleted; nothing else changes.
        inputs.secrets[0].rotateEveryDays = nil
        let fourth = try await DeploymentPlanner(client: client).plan(inputs)
        let removals = fourth.resources.filter { $0.action != .noOp }
        #expect(removals.allSatisfy { $0.action == .delete }, "\(PlanRenderer.text(fourth, color: false))")
        #expect(
            Set(removals.map(\.address.description)) == rotationAddresses, "\(PlanRenderer.text(fourth, color: false))")
        #expect(
            removals.first?.address.description == "secret_rotation.\(secretName)",
            "the schedule goes before its function")
        try await apply(fourth, inputs, client: client)
        let cancelled = try await SecretsManager(client: client).describeSecret(id: secretName)
        #expect(cancelled.rotationEnabled == false)
        await #expect(throws: AWSError.self) { _ = try await lambda.getFunctionConfiguration(name: rotate) }
        await #expect(throws: AWSError.self) { _ = try await iam.getRole(name: rotate) }
        #expect(try await CloudWatchLogs(client: client).logGroup(named: "/aws/lambda/\(rotate)") == nil)
        #expect(try await lambda.getFunctionConfiguration(name: base).functionName == base)
        #expect(!(try await DeploymentPlanner(client: client).plan(inputs)).hasChanges)

        // Back on, then destroy: the rotation is cancelled and its pieces removed with the rest; data kept.
        inputs.secrets[0].rotateEveryDays = 30
        try await DeploymentFaultTests.deploy(inputs, client: client)
        #expect(try await SecretsManager(client: client).describeSecret(id: secretName).rotationEnabled == true)
        let summary = try await DeploymentEngine(client: client, inputs: inputs).destroy(deleteData: false)
        #expect(
            Set(summary.removed).isSuperset(of: [
                "secret_rotation.\(secretName)", "permission.\(rotate)-secretsmanager-invoke", "function.\(rotate)",
                "role_policy.\(rotate)-execution", "role.\(rotate)", "log_group./aws/lambda/\(rotate)",
                "function.\(base)", "role.\(base)", "log_group./aws/lambda/\(base)",
            ]), "\(summary.removed)")
        #expect(Set(summary.kept) == ["table.\(base)-users", "table.\(base)-movies", "secret.\(secretName)"])
        #expect(try await SecretsManager(client: client).describeSecret(id: secretName).rotationEnabled == false)
        await #expect(throws: AWSError.self) { _ = try await lambda.getFunctionConfiguration(name: rotate) }
        await #expect(throws: AWSError.self) { _ = try await iam.getRole(name: rotate) }
        #expect(try await CloudWatchLogs(client: client).logGroup(named: "/aws/lambda/\(rotate)") == nil)
        let again = try await DeploymentEngine(client: client, inputs: inputs).destroy(deleteData: true)
        #expect(!again.removed.contains { $0.description.contains("rotate") }, "\(again.removed)")
    }
}
