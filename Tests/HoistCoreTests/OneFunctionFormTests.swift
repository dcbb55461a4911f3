import Foundation
import Testing

@testable import HoistCore

/// A stage deployed before `functions:` plans no change after it: the one-function form (a hoist.yml without
/// `functions:`) renders exactly the desired state the code before it rendered. Fixtures/pre-functions holds that
/// state, recorded from commit 8d3c550 for backend/hoist.yml and two variants (see its README.md).
@Suite("The one-function form renders as before functions:")
struct OneFunctionFormTests {
    /// One recorded fixture: the config it was rendered from, how the code zip went, and the resources.
    struct Recorded: Codable {
        /// Where the state was recorded.
        var recorded_from: String
        /// The hoist.yml, in the same folder.
        var config: String
        /// `direct` (the zip in the request) or `s3` (through the artifact bucket).
        var upload: String
        /// Every desired resource, by address.
        var resources: [Resource]
    }

    /// One desired resource as a plan file carries it: attributes (a sensitive value as its digest), what forces a
    /// replacement, what it depends on, its parent and the spec apply sends.
    struct Resource: Codable, Equatable {
        var address: String
        var attributes: [String: PlanValue]
        var replace_on_change: [String]
        var depends_on: [String]
        var parent: String?
        var spec: JSONValue?

        /// The resource of a desired state, encoded as the recorder encoded it.
        init(_ state: ResourceState) throws {
            address = state.address.description
            attributes = state.attributes.mapValues(Self.shown)
            replace_on_change = state.replaceOnChange.sorted()
            depends_on = state.dependsOn.map(\.description).sorted()
            parent = state.parent?.description
            spec = try state.spec.map { try JSONDecoder().decode(JSONValue.self, from: $0.json) }
        }

        /// A sensitive value as `(sensitive <digest>)`, so that a changed digest shows too.
        static func shown(_ value: PlanValue) -> PlanValue {
            switch value {
            case .sensitive(let digest): return .string("(sensitive \(digest))")
            case .list(let items): return .list(items.map(shown))
            case .map(let entries): return .map(entries.mapValues(shown))
            default: return value
            }
        }
    }

    static func folder() throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("pre-functions")
    }

    /// The inputs the recorder used: stage dev of `config` in account 123456789012, us-east-1, a fixed code zip.
    static func inputs(_ recorded: Recorded) throws -> DeploymentInputs {
        let yaml = try String(contentsOf: try folder().appendingPathComponent(recorded.config), encoding: .utf8)
        let config = try HoistConfig.parse(yaml: yaml, file: "hoist.yml").resolved(stage: "dev")
        let code = DeploymentInputs.Artifact(
            sha256Base64: "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=", sha256Hex: String(repeating: "ab", count: 32),
            bytes: 4096, viaS3: recorded.upload == "s3", path: "/fixed/bootstrap.zip")
        var inputs = DeploymentInputs(
            config: config, region: "us-east-1", account: "123456789012", code: code, layer: nil)
        inputs.sourceCommit = "0123456789abcdef0123456789abcdef01234567"
        return inputs
    }

    static func recorded(_ name: String) throws -> Recorded {
        let data = try Data(contentsOf: try folder().appendingPathComponent(name))
        return try JSONDecoder().decode(Recorded.self, from: data)
    }

    @Test(
        "same addresses, attributes, dependencies and specs as the code before functions: rendered",
        arguments: ["backend.json", "backend-s3.json", "rotating.json", "two-routes.json"])
    func rendersAsBefore(_ fixture: String) throws {
        let recorded = try Self.recorded(fixture)
        let inputs = try Self.inputs(recorded)
        #expect(inputs.functions.isEmpty && inputs.deployedFunctions.map(\.name) == ["movies-api"])
        let rendered = try DesiredStateBuilder.build(inputs).map(Resource.init)
        let before = Dictionary(uniqueKeysWithValues: recorded.resources.map { ($0.address, $0) })
        let now = Dictionary(uniqueKeysWithValues: rendered.map { ($0.address, $0) })
        #expect(rendered.count == now.count, "an address rendered twice")
        #expect(now.keys.sorted() == before.keys.sorted())
        for (address, old) in before.sorted(by: { $0.key < $1.key }) {
            guard let new = now[address] else { continue }
            for key in Set(old.attributes.keys).union(new.attributes.keys).sorted() {
                #expect(new.attributes[key] == old.attributes[key], "\(address) \(key)")
            }
            // The one change since: a function's architecture is updated in place (with its code), not replaced.
            let replacing = old.replace_on_change.filter { !(address.hasPrefix("function.") && $0 == "architecture") }
            #expect(new.replace_on_change == replacing, "\(address)")
            #expect(new.depends_on == old.depends_on, "\(address)")
            #expect(new.parent == old.parent, "\(address)")
            #expect(new.spec == old.spec, "\(address) spec")
        }
    }

    @Test(
        "the triggers the function could have (queue, mapping, schedule, URL) are looked for, never desired",
        arguments: ["backend.json", "rotating.json", "two-routes.json"])
    func probesStayReads(_ fixture: String) throws {
        let inputs = try Self.inputs(try Self.recorded(fixture))
        let desired = DesiredStateBuilder.build(inputs)
        let probes = DesiredStateBuilder.functionProbes(inputs, removed: [])
        let kinds: Set<ResourceKind> = [.queue, .eventSourceMapping, .schedule, .functionURL]
        #expect(Set(probes.map(\.kind)).isSuperset(of: kinds), "\(probes.map(\.address))")
        #expect(Set(desired.map(\.address)).isDisjoint(with: probes.map(\.address)))
        #expect(!desired.contains { kinds.contains($0.kind) })
    }
}
