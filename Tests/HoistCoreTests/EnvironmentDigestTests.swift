import Foundation
import Testing

@testable import HoistCore

/// Plans show environment values as digests, names in clear, unless hoist.yml marks a variable `public: true`.
@Suite("Environment values in plans")
struct EnvironmentDigestTests {
    func inputs(_ environment: [String: String], public names: Set<String> = []) -> DeploymentInputs {
        var inputs = ExampleDeployment.inputs()
        inputs.environment = environment
        inputs.publicEnvironment = names
        return inputs
    }

    @Test("a user value never reaches text, JSON or Markdown; its name and a digest do, and a change still shows")
    func hidden() throws {
        let before = DesiredStateBuilder.build(inputs(["API_TOKEN": "tok-1-do-not-print", "LOG_LEVEL": "info"]))
        let after = DesiredStateBuilder.build(inputs(["API_TOKEN": "tok-2-do-not-print", "LOG_LEVEL": "info"]))
        let plan = ExampleDeployment.plan(desired: after, observed: before)
        let function = try #require(plan.resources.first { $0.address == "function.movies-api-dev" })
        #expect(function.action == .update)
        #expect(function.changes.map(\.attribute) == ["environment"])
        let texts = [
            PlanRenderer.text(plan, color: false), PlanRenderer.markdown(plan),
            PlanRenderer.text(ExampleDeployment.plan(desired: after, observed: []), color: false),
        ]
        for text in texts {
            #expect(!text.contains("do-not-print"), "\(text)")
            #expect(!text.contains(": info"), "LOG_LEVEL is not public: \(text)")
            #expect(text.contains("API_TOKEN: sha256:"), "\(text)")
        }
        // The JSON's changes and attributes show digests; the value travels only in the spec apply sends.
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(PlanRenderer.json(plan).utf8)) as? [String: Any])
        let resources = try #require(json["resources"] as? [[String: Any]])
        let entry = try #require(resources.first { $0["address"] as? String == "function.movies-api-dev" })
        let changes = try JSONSerialization.data(withJSONObject: entry["changes"] ?? [])
        #expect(!String(decoding: changes, as: UTF8.self).contains("do-not-print"))
    }

    @Test("hoist's own variables and those marked public show in clear")
    func shown() throws {
        let desired = DesiredStateBuilder.build(inputs(["LOG_LEVEL": "info", "KEY": "k"], public: ["LOG_LEVEL"]))
        let function = try #require(desired.first { $0.address == "function.movies-api-dev" })
        guard case .map(let environment) = function.attributes["environment"] else {
            Issue.record("no environment")
            return
        }
        #expect(environment["LOG_LEVEL"] == .string("info"))
        #expect(environment["USERS_TABLE"] == .string("movies-api-dev-users"))
        #expect(environment["ADMIN_USERNAMES"] == .string("alice,bob"))
        guard case .string(let key) = environment["KEY"] else {
            Issue.record("no KEY")
            return
        }
        #expect(key.hasPrefix("sha256:") && key != "k")
    }

    @Test("hoist.yml: NAME: {value: …, public: true}; a mapping without value is refused")
    func config() throws {
        let text = """
            project: movies-api
            backend:
              product: bootstrap
            function:
              environment:
                LOG_LEVEL: {value: debug, public: true}
                API_URL: https://example.com
            """
        let parsed = try HoistConfig.parse(yaml: text, file: "hoist.yml").resolved()
        #expect(parsed.function.environment == ["LOG_LEVEL": "debug", "API_URL": "https://example.com"])
        #expect(parsed.function.publicEnvironment == ["LOG_LEVEL"])
        #expect(throws: HoistConfigErrors.self) {
            _ = try HoistConfig.parse(
                yaml: text.replacingOccurrences(of: "value: debug", with: "v: debug"), file: "hoist.yml")
        }
    }
}
