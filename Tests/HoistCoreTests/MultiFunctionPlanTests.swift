import Foundation
import Testing

@testable import HoistCore

/// The desired state of a project of several functions, from a hoist.yml through the config to the specs.
@Suite("Several functions in the desired state")
struct MultiFunctionPlanTests {
    static let code = DeploymentInputs.Artifact(sha256Base64: "Y29kZQ==", sha256Hex: "c0de", bytes: 1000, viaS3: false)

    /// The inputs of a hoist.yml text, with one zip per product named.
    static func inputs(_ yaml: String, codes: [String: DeploymentInputs.Artifact] = [:]) throws -> DeploymentInputs {
        let config = try HoistConfig.parse(yaml: yaml, file: "hoist.yml").resolved()
        return DeploymentInputs(
            config: config, region: "us-east-1", account: "123456789012", code: code, layer: nil, codes: codes)
    }

    static let python = """
        project: shop
        runtime: python3.12
        handler: app.default
        tables:
          orders: {partition_key: id}
        functions:
          api: {handler: app.api, uses: [orders], http: ["GET /orders", "POST /orders"]}
          admin: {handler: admin.handler, http: ["ANY /admin/{proxy+}"]}
          report: {schedule: rate(1 day)}
        """

    @Test("Python functions share one code zip, each with its own handler, and each route goes to its function")
    func pythonFunctions() throws {
        let desired = DesiredStateBuilder.build(try Self.inputs(Self.python))
        func attribute(_ address: String, _ name: String) -> PlanValue? {
            desired.first { $0.address == address }?.attributes[name]
        }
        #expect(attribute("function.shop-dev-api", "handler") == .string("app.api"))
        #expect(attribute("function.shop-dev-admin", "handler") == .string("admin.handler"))
        #expect(attribute("function.shop-dev-report", "handler") == .string("app.default"))
        let codes = Set(["api", "admin", "report"].compactMap { attribute("function.shop-dev-\($0)", "code_sha256") })
        #expect(codes.count == 1)
        let routes = desired.filter { $0.kind == .route }
        #expect(Set(routes.map(\.name)) == ["GET /orders", "POST /orders", "ANY /admin/{proxy+}"])
        for route in routes {
            let owner = route.name.hasPrefix("ANY") ? "admin" : "api"
            #expect(route.dependsOn.contains(ResourceAddress(.integration, "shop-dev-\(owner)")), "\(route.name)")
        }
        // The scheduled function has no route, no integration and no API permission.
        #expect(!desired.contains { $0.address == "integration.shop-dev-report" })
        #expect(desired.filter { $0.kind == .integration }.count == 2)
    }

    @Test("each role allows what its function uses, and nothing of the others'")
    func rolesFromUses() throws {
        let desired = DesiredStateBuilder.build(try Self.inputs(Self.python))
        func policy(_ role: String) throws -> String {
            let state = try #require(desired.first { $0.address == ResourceAddress(.rolePolicy, "\(role)-execution") })
            guard case .string(let text) = state.attributes["document"] else { return "" }
            return text
        }
        #expect(try policy("shop-dev-api").contains("table/shop-dev-orders"))
        #expect(try !policy("shop-dev-admin").contains("dynamodb"))
        #expect(try !policy("shop-dev-report").contains("dynamodb"))
        #expect(try policy("shop-dev-report").contains("log-group:/aws/lambda/shop-dev-report:"))
        // The boundary gets the schedule's invoke statement, not the queue one: the project has no queue.
        let boundary = try #require(desired.first { $0.kind == .permissionsBoundary })
        guard case .string(let document) = boundary.attributes["document"] else {
            Issue.record("no boundary document")
            return
        }
        #expect(document.contains("ProjectFunctionInvoke") && !document.contains("ProjectQueues"))
    }

    @Test("each function runs on its architecture, the rotation on its owner's; a new one is an update in place")
    func architectures() throws {
        let yaml = """
            project: shop
            secrets:
              JWT_SECRET_KEY: {rotate_every: 30d}
            functions:
              api: {product: API, http: $default}
              worker: {product: Worker, architecture: arm64, uses: [JWT_SECRET_KEY], queue: {}}
            """
        let desired = DesiredStateBuilder.build(try Self.inputs(yaml))
        func function(_ name: String) throws -> ResourceState {
            try #require(desired.first { $0.address == ResourceAddress(.function, name) })
        }
        #expect(try function("shop-dev-api").attributes["architecture"] == .string("x86_64"))
        #expect(try function("shop-dev-worker").attributes["architecture"] == .string("arm64"))
        #expect(try function("shop-dev-rotate").attributes["architecture"] == .string("arm64"))
        // Moving the worker back to x86_64 updates it (UpdateFunctionCode with Architectures), never replaces it.
        let worker = try function("shop-dev-worker")
        var observed = worker
        observed.attributes["architecture"] = .string("x86_64")
        let change = Planner.compare(worker, observed, adopting: false)
        #expect(change.action == .update)
        #expect(change.changes.map { $0.attribute } == ["architecture"])
    }

    @Test("each Swift product's zip goes to its function only")
    func productZips() throws {
        let yaml = """
            project: shop
            functions:
              api: {product: API, http: $default}
              worker: {product: Worker, queue: {}}
            """
        let worker = DeploymentInputs.Artifact(sha256Base64: "d29ya2Vy", sha256Hex: "0bad", bytes: 10, viaS3: false)
        let inputs = try Self.inputs(yaml, codes: ["api": Self.code, "worker": worker])
        let desired = DesiredStateBuilder.build(inputs)
        #expect(
            desired.first { $0.address == "function.shop-dev-api" }?.attributes["code_sha256"] == .string("Y29kZQ=="))
        #expect(
            desired.first { $0.address == "function.shop-dev-worker" }?.attributes["code_sha256"] == .string("d29ya2Vy")
        )
        #expect(inputs.artifacts.count == 2)
        // The worker's queue: six times its timeout (10 s by default), and its mapping on the alias.
        #expect(desired.first { $0.address == "queue.shop-dev-worker" }?.attributes["visibility_timeout"] == .int(60))
        #expect(desired.contains { $0.address == "event_source_mapping.shop-dev-worker" })
    }

    @Test("StageFunctions names the functions of functions:, the first without a name")
    func stageFunctions() throws {
        let config = try HoistConfig.parse(yaml: Self.python, file: "hoist.yml").resolved()
        let functions = StageFunctions(config)
        #expect(functions.all.map(\.name) == ["api", "admin", "report"])
        #expect(try functions.function("admin").functionName == "shop-dev-admin")
        #expect(try functions.function(nil).logGroup == "/aws/lambda/shop-dev-api")
        #expect(throws: StageFunctionError.self) { try functions.function("nope") }
    }

    @Test("StageInventory takes the stage's other functions of hoist's names only")
    func inventory() throws {
        let inputs = try Self.inputs(Self.python)
        let removed = StageInventory.removed(
            live: [
                "shop-dev-api", "shop-dev-old", "shop-dev-rotate", "shop-dev-old-thing", "shop-prod-old", "shop-devx",
                "other-dev-old",
            ], inputs)
        #expect(removed == ["old"])
    }
}
