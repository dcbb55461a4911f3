import Foundation
import HoistAWS
import HoistCore
import HoistTestSupport
import Testing

/// deploy.keep_versions against moto: the newest versions stay, older ones go, one an alias holds never does.
@Suite("Version retention against moto", .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct VersionRetentionTests {
    static func published(_ function: String, _ client: AWSClient) async throws -> [String] {
        try await Lambda(client: client).listVersionsByFunction(functionName: function).compactMap(\.version)
            .filter { $0 != "$LATEST" }
    }

    @Test("keep_versions 2: each deploy leaves the newest two; a version the alias holds is never deleted")
    func keepsNewest() async throws {
        let moto = try HoistBinary.moto()
        let client = try DeploymentFaultTests.client(endpoint: moto.endpoint)
        let code = try DeploymentEngineTests().makeZip("#!/bin/sh\necho keep\n")
        var inputs = DeploymentFaultTests.inputs(project: "kv\(UUID().uuidString.prefix(6).lowercased())", code: code)
        inputs.keepVersions = 2
        let function = "\(inputs.project)-dev"
        for (index, memory) in [128, 256, 384, 512].enumerated() {
            inputs.memory = memory
            try await DeploymentFaultTests.deploy(inputs, client: client)
            let expected = index == 0 ? ["1"] : [String(index), String(index + 1)]
            #expect(try await Self.published(function, client) == expected, "after deploy \(index + 1)")
            #expect(
                try await Lambda(client: client).getAlias(functionName: function, name: "live").functionVersion
                    == String(index + 1))
        }

        // The alias back on 3 (a rollback); two more deploys: 3 stays while the alias holds it at plan time.
        let lambda = Lambda(client: client)
        let alias = try await lambda.getAlias(functionName: function, name: "live")
        _ = try await lambda.updateAlias(
            functionName: function, name: "live", functionVersion: "3",
            routingConfig: .noWeights, revisionId: alias.revisionId)
        inputs.memory = 640
        let plan = try await DeploymentPlanner(client: client).plan(inputs)
        #expect(plan.resources.filter { $0.action == .delete }.map(\.address.description) == [])
        #expect(
            plan.resources.first { $0.address == "alias.\(function):live" }?.changes.first?.before == .string("3"))
        try await DeploymentFaultTests.deploy(inputs, client: client)
        #expect(try await Self.published(function, client) == ["3", "4", "5"])
        inputs.memory = 768
        let next = try await DeploymentPlanner(client: client).plan(inputs)
        #expect(
            Set(next.resources.filter { $0.action == .delete }.map(\.address.description))
                == ["version.\(function):3", "version.\(function):4"])
        #expect(
            PlanRenderer.text(next, color: false).contains(
                "- delete version.\(function):3  (older than the 2 versions kept, held by no alias)"),
            "\(PlanRenderer.text(next, color: false))")
        try await DeploymentFaultTests.deploy(inputs, client: client)
        #expect(try await Self.published(function, client) == ["5", "6"])
        try await DeploymentFaultTests.expectConverged(inputs, client: client)
    }
}

/// A stage deployed before versions and aliases (the integration and the permission on the unqualified function)
/// converges on the next deploy: one version, the alias, the integration and permission moved to it, the old
/// statement deleted.
@Suite(
    "A stage from before aliases against moto", .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct AliasMigrationTests {
    @Test(
        "version and alias created, integration updated, permission on the alias added and the unqualified one deleted")
    func migrates() async throws {
        let moto = try HoistBinary.moto()
        let client = try DeploymentFaultTests.client(endpoint: moto.endpoint)
        let code = try DeploymentEngineTests().makeZip("#!/bin/sh\necho before aliases\n")
        let inputs = DeploymentFaultTests.inputs(project: "mg\(UUID().uuidString.prefix(6).lowercased())", code: code)
        let names = ResourceNames(project: inputs.project, stage: "dev")
        try await DeploymentFaultTests.deploy(inputs, client: client)

        // Make it what hoist deployed before aliases: no alias or version, the API on the unqualified function.
        let lambda = Lambda(client: client)
        let gateway = APIGatewayV2(client: client)
        let function = try await lambda.getFunctionConfiguration(name: names.base)
        let apiId = try #require(try await gateway.getApis().first { $0.name == names.base }?.apiId)
        let integration = try #require(try await gateway.getIntegrations(apiId: apiId).first)
        _ = try await gateway.updateIntegration(
            apiId: apiId, integrationId: try #require(integration.integrationId),
            APIGatewayIntegration(integrationUri: function.functionArn))
        _ = try await lambda.addPermission(
            functionName: names.base, statementId: names.invokePermission, action: "lambda:InvokeFunction",
            principal: "apigateway.amazonaws.com",
            sourceArn: "arn:aws:execute-api:us-east-1:123456789012:\(apiId)/*/*")
        try await lambda.removePermission(
            functionName: names.base, statementId: names.invokePermission(alias: "live"), qualifier: "live")
        try await lambda.deleteAlias(functionName: names.base, name: "live")
        try await lambda.deleteFunction(name: names.base, qualifier: "1")

        let plan = try await DeploymentPlanner(client: client).plan(inputs)
        let changes = Dictionary(
            uniqueKeysWithValues: plan.resources.filter { $0.action != .noOp }.map {
                ($0.address.description, $0.action)
            })
        #expect(
            changes == [
                "version.\(names.base)": .create, "alias.\(names.base):live": .create,
                "integration.\(names.base)": .update, "permission.\(names.invokePermission(alias: "live"))": .create,
                "permission.\(names.invokePermission)": .delete,
            ], "\(PlanRenderer.text(plan, color: false))")
        try await DeploymentFaultTests.deploy(inputs, client: client)
        try await DeploymentFaultTests.expectConverged(inputs, client: client)
        let uri = try await gateway.getIntegrations(apiId: apiId).first?.integrationUri
        #expect(uri == "\(function.functionArn ?? "-"):live")
        let policy = try await lambda.getPolicy(functionName: names.base, qualifier: "live")
        #expect(policy.contains("\"\(names.invokePermission(alias: "live"))\""), "\(policy)")
        #expect(!policy.contains("\"\(names.invokePermission)\""), "the unqualified statement is gone: \(policy)")
    }
}
