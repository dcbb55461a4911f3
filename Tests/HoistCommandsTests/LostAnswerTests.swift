import Foundation
import HoistAWS
import HoistCore
import Testing

/// Writes whose answers are lost after moto acted (dropped or reset by the proxy): creates that AWS does not make
/// idempotent must not leave a second API, integration, route or layer version.
@Suite(
    "Deploys whose answers are lost after AWS acted",
    .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct LostAnswerTests {
    @Test("20 seeded deploys with 20% of write answers lost: no duplicate, every run converges")
    func lostAnswers() async throws {
        let moto = try HoistBinary.moto()
        let direct = try DeploymentFaultTests.client(endpoint: moto.endpoint)
        let engine = DeploymentEngineTests()
        let code = try engine.makeZip("#!/bin/sh\necho lost\n")
        let layer = try engine.makeZip("lost layer")
        var counts: [String: Int] = [:]
        var lost = 0
        var reruns = 0
        for seed in 1...20 {
            let log = try HoistBinary.temporaryFolder().appendingPathComponent("proxy.log")
            let proxy = try HoistBinary.startProxy(
                upstream: moto.endpoint,
                extra: ["--lose-answer-rate", "0.2", "--seed", String(seed), "--log", log.path])
            defer { proxy.terminate() }
            var inputs = DeploymentFaultTests.inputs(
                project: "la\(seed)x\(UUID().uuidString.prefix(5).lowercased())", code: code)
            inputs.layer = layer
            inputs.routes = ["GET /movies", "POST /movies"]
            let client = try DeploymentFaultTests.client(endpoint: proxy.endpoint)
            var done = false
            for attempt in 1...4 where !done {
                do {
                    try await DeploymentFaultTests.deploy(inputs, client: client)
                    done = true
                } catch {
                    reruns += 1
                    if attempt == 4 { Issue.record("seed \(seed) did not converge: \(error)") }
                }
            }
            try await DeploymentFaultTests.expectConverged(inputs, client: direct)
            let base = "\(inputs.project)-dev"
            let gateway = APIGatewayV2(client: direct)
            let apis = try await gateway.getApis().filter { $0.name == base }
            let apiId = try #require(apis.first?.apiId)
            let integrations = try await gateway.getIntegrations(apiId: apiId)
            let routes = try await gateway.getRoutes(apiId: apiId)
            let versions = try await Lambda(client: direct).listLayerVersions(layerName: "\(base)-deps")
            #expect(apis.count == 1, "seed \(seed): \(apis.count) APIs")
            #expect(integrations.count == 1, "seed \(seed): \(integrations.count) integrations")
            #expect(routes.count == 2, "seed \(seed): \(routes.compactMap(\.routeKey))")
            #expect(versions.count == 1, "seed \(seed): \(versions.count) layer versions")
            for (kind, count) in [
                ("api", apis.count), ("integration", integrations.count), ("route", routes.count),
                ("layer_version", versions.count),
            ] {
                counts[kind, default: 0] += count
            }
            let lines = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n") ?? []
            lost += lines.filter { $0.contains("\"fault\": \"lost-") }.count
            _ = try await DeploymentEngine(client: direct, inputs: inputs).destroy(deleteData: true)
        }
        #expect(lost >= 20, "only \(lost) answers were lost")
        print(
            "lost answers: 20 deploys, \(lost) write answers lost after moto acted, \(reruns) reruns; after converging: "
                + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                + " (1 API, 1 integration, 2 routes, 1 layer version per deploy)")
    }
}
