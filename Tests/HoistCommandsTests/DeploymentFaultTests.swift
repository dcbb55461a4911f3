import Foundation
import HoistAWS
import HoistCore
import HoistCurl
import HoistTestSupport
import Testing

/// Deploys through injected faults and interruptions converge on the state of a clean deploy.
@Suite(
    "Deployment under faults (moto behind the fault proxy)",
    .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct DeploymentFaultTests {
    static func inputs(project: String, code: DeploymentInputs.Artifact) -> DeploymentInputs {
        DeploymentInputs(
            project: project, stage: "dev", region: "us-east-1", account: "123456789012",
            tables: [
                .init(name: "users", partitionKey: ("username", "S")),
                .init(name: "movies", partitionKey: ("movieId", "S")),
            ],
            secrets: [.init(name: "JWT_SECRET_KEY", environmentName: "JWT_SECRET_ARN")], admins: ["alice"],
            logRetentionDays: 14, code: code)
    }

    static func client(endpoint: String, transport: any HTTPTransport = CurlTransport()) throws -> AWSClient {
        let moto = try HoistBinary.moto()
        return AWSClient(
            transport: transport,
            credentialProvider: StaticCredentialProvider(
                AWSCredentials(accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey)),
            region: "us-east-1", environment: AWSEnvironment(variables: [:], endpointOption: endpoint),
            sleep: { _ in })
    }

    /// Plans and applies once.
    static func deploy(_ inputs: DeploymentInputs, client: AWSClient) async throws {
        let plan = try await DeploymentPlanner(client: client).plan(inputs)
        var applier = DeploymentEngine(client: client, inputs: inputs)
        applier.pollInterval = 0
        _ = try await applier.apply(plan)
    }

    /// The state is that of a clean deploy: nothing left to change, one API of that name, one function.
    static func expectConverged(_ inputs: DeploymentInputs, client: AWSClient) async throws {
        let plan = try await DeploymentPlanner(client: client).plan(inputs)
        #expect(!plan.hasChanges, "\(inputs.project): \(PlanRenderer.text(plan, color: false))")
        let apis = try await APIGatewayV2(client: client).getApis().filter { $0.name == "\(inputs.project)-dev" }
        #expect(apis.count == 1, "\(inputs.project): \(apis.count) APIs")
    }

    @Test("20 seeded deploys through 20% faults, ResourceConflict and an unassumable role end like a clean one")
    func seededFaults() async throws {
        let moto = try HoistBinary.moto()
        let code = try DeploymentEngineTests().makeZip("#!/bin/sh\necho faults\n")
        let direct = try Self.client(endpoint: moto.endpoint)
        var reruns = 0
        var injected = 0
        for seed in 1...20 {
            let log = try HoistBinary.temporaryFolder().appendingPathComponent("proxy.log")
            let proxy = try HoistBinary.startProxy(
                upstream: moto.endpoint,
                extra: [
                    "--fault-rate", "0.2", "--seed", String(seed), "--conflict-after-update", "2",
                    "--role-not-assumable", "2", "--log", log.path,
                ])
            defer { proxy.terminate() }
            let inputs = Self.inputs(project: "ft\(seed)x\(UUID().uuidString.prefix(5).lowercased())", code: code)
            let client = try Self.client(endpoint: proxy.endpoint)
            var done = false
            for attempt in 1...4 where !done {
                do {
                    try await Self.deploy(inputs, client: client)
                    done = true
                } catch {
                    reruns += 1
                    print("seed \(seed) run \(attempt) stopped: \(error)")
                    if attempt == 4 { Issue.record("seed \(seed) did not converge: \(error)") }
                }
            }
            try await Self.expectConverged(inputs, client: direct)
            let lines = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n") ?? []
            injected += lines.filter { !$0.contains("\"fault\": null") }.count
        }
        #expect(injected >= 100, "only \(injected) faults were injected")
        print("fault runs: 20 deploys, \(injected) injected faults, \(reruns) reruns needed")
    }

    /// Forwards requests; at the Nth write the request reaches the server but the answer is lost (a kill).
    final class KillingTransport: HTTPTransport, @unchecked Sendable {
        let inner = CurlTransport()
        let killAt: Int
        private let lock = NSLock()
        private var writes = 0

        init(killAt: Int) { self.killAt = killAt }

        func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
            let isWrite =
                request.method != "GET" && request.method != "HEAD"
                && !(request.headers.first { $0.name == "X-Amz-Target" }?.value.contains(".Describe") ?? false)
                && !(request.headers.first { $0.name == "X-Amz-Target" }?.value.contains(".Get") ?? false)
                && !Self.isQueryRead(request)
            let count = lock.withLock {
                if isWrite { writes += 1 }
                return writes
            }
            if count > killAt { throw TransportError(code: .other, message: "killed", url: request.url) }
            let response = try await inner.send(request, options: options)
            if isWrite && count == killAt { throw TransportError(code: .other, message: "killed", url: request.url) }
            return response
        }

        static func isQueryRead(_ request: HTTPRequest) -> Bool {
            guard case .bytes(let body) = request.body, let form = String(bytes: body, encoding: .utf8) else {
                return false
            }
            return form.hasPrefix("Action=Get") || form.hasPrefix("Action=List")
        }
    }

    @Test("a deploy interrupted at 10 random points converges on rerun")
    func interruptedDeploys() async throws {
        let moto = try HoistBinary.moto()
        let code = try DeploymentEngineTests().makeZip("#!/bin/sh\necho interrupted\n")
        let direct = try Self.client(endpoint: moto.endpoint)
        var generator = SplitMix64(seed: 42)
        var interrupted = 0
        for point in 1...10 {
            // A clean first deploy of these inputs makes 15 writes; stop at one of them. Every later call fails too
            // (the process is gone), except reads before the next write: a create whose answer was lost is found
            // by that read and taken, so a deploy killed at its last write can still end well.
            let killAt = Int(generator.next() % 15) + 1
            let inputs = Self.inputs(project: "kl\(point)x\(UUID().uuidString.prefix(5).lowercased())", code: code)
            let killing = try Self.client(endpoint: moto.endpoint, transport: KillingTransport(killAt: killAt))
            do {
                try await Self.deploy(inputs, client: killing)
            } catch {
                interrupted += 1
            }
            try await Self.deploy(inputs, client: direct)
            try await Self.expectConverged(inputs, client: direct)
        }
        #expect(interrupted >= 5, "the kills must interrupt most deploys: \(interrupted) of 10")
    }
}
