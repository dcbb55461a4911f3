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
        try await DeploymentFaultTests.deploy(inputs, client: client)
        #expect(try await Self.published(function, client) == ["5", "6"])
        try await DeploymentFaultTests.expectConverged(inputs, client: client)
    }
}
