import Foundation

/// A driver with its types erased, so the engine can hold every kind's driver in one list.
///
/// Specs travel encoded (``ResourceState/spec``), attribute names as their raw values: the engine compares and
/// renders them without knowing a kind; only the driver turns them back into types.
public struct AnyResourceDriver: Sendable {
    /// The kind.
    public let kind: ResourceKind
    /// Whether the kind holds data (kept unless data deletion is asked for).
    public let holdsData: Bool
    /// Whether the kind is shared beyond the stage (left out of a stage's destroy).
    public let isShared: Bool
    private let grantsBody: @Sendable (DeployerScope) -> [DeployerGrant]
    private let renderBody: @Sendable (SpecBox, DeploymentScope) throws -> ResourceState
    private let readBody: @Sendable (ResourceState, EngineContext) async throws -> ResourceState?
    private let discoverBody: @Sendable ([ResourceState], EngineContext) async throws -> [ResourceState]
    private let applyBody: @Sendable (ResourcePlan, EngineContext) async throws -> ResourceIdentity?
    private let desiredBody: @Sendable (DeploymentInputs, DeploymentScope) throws -> [ResourceState]

    /// Wraps a driver.
    public init<Driver: ResourceDriver>(_ driver: Driver) {
        kind = driver.kind
        holdsData = driver.holdsData
        isShared = driver.isShared
        grantsBody = { driver.grants($0) }
        renderBody = { box, scope in try Self.state(driver, try box.decode(Driver.Spec.self), scope) }
        readBody = { desired, context in
            guard let box = desired.spec else { return nil }
            let spec = try box.decode(Driver.Spec.self)
            guard let observation = try await driver.read(spec, context) else { return nil }
            return Self.observed(driver, spec, observation, context)
        }
        discoverBody = { desired, context in
            let specs = try desired.compactMap { try $0.spec?.decode(Driver.Spec.self) }
            return try await driver.discover(desired: specs, context).map { spec, observation in
                Self.observed(driver, spec, observation, context)
            }
        }
        applyBody = { plan, context in try await Self.apply(driver, plan, context) }
        desiredBody = { inputs, scope in try driver.desired(inputs).map { try Self.state(driver, $0, scope) } }
    }

    /// The IAM grants the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] { grantsBody(scope) }

    /// The desired state of an encoded spec, rendered against what is known.
    public func render(_ spec: SpecBox, _ scope: DeploymentScope) throws -> ResourceState {
        try renderBody(spec, scope)
    }

    /// The resources the kind adds by itself (``ResourceDriver/desired(_:)``), rendered.
    public func desired(_ inputs: DeploymentInputs, _ scope: DeploymentScope) throws -> [ResourceState] {
        try desiredBody(inputs, scope)
    }

    /// The live state of a desired (or probed) resource; nil when absent.
    public func read(_ desired: ResourceState, _ context: EngineContext) async throws -> ResourceState? {
        try await readBody(desired, context)
    }

    /// Live resources no spec names but that belong to a desired parent.
    public func discover(_ desired: [ResourceState], _ context: EngineContext) async throws -> [ResourceState] {
        try await discoverBody(desired, context)
    }

    /// Applies one resource's plan; returns the identity it has afterwards (nil once deleted).
    public func apply(_ plan: ResourcePlan, _ context: EngineContext) async throws -> ResourceIdentity? {
        try await applyBody(plan, context)
    }

    /// A spec as the planner sees it.
    public static func state<Driver: ResourceDriver>(_ driver: Driver, _ spec: Driver.Spec, _ scope: DeploymentScope)
        throws -> ResourceState
    {
        ResourceState(
            kind: driver.kind, name: driver.name(of: spec),
            attributes: Dictionary(
                uniqueKeysWithValues: driver.render(spec, scope).map { ($0.key.rawValue, $0.value) }),
            replaceOnChange: Set(driver.replacing.map(\.rawValue)), dependsOn: driver.dependencies(of: spec),
            spec: try SpecBox(spec), parent: driver.parent(of: spec))
    }

    static func observed<Driver: ResourceDriver>(
        _ driver: Driver, _ spec: Driver.Spec, _ observation: Observation<Driver.Attribute>, _ context: EngineContext
    ) -> ResourceState {
        var state = ResourceState(
            kind: driver.kind, name: driver.name(of: spec),
            attributes: Dictionary(uniqueKeysWithValues: observation.attributes.map { ($0.key.rawValue, $0.value) }),
            spec: try? SpecBox(spec), parent: driver.parent(of: spec))
        state.identity = observation.identity
        state.tags = observation.tags ?? [:]
        state.pruneReason = observation.pruneReason
        state.keepReason = observation.keepReason
        state.ownership =
            observation.ownership ?? observation.tags.map { context.scope.ownership($0) } ?? .inherited
        return state
    }

    static func apply<Driver: ResourceDriver>(_ driver: Driver, _ plan: ResourcePlan, _ context: EngineContext)
        async throws -> ResourceIdentity?
    {
        let observed = plan.observed.map {
            ObservedResource(attributes: $0.attributes, identity: $0.identity, tags: $0.tags, keepReason: $0.keepReason)
        }
        let specBox = plan.desired?.spec ?? plan.observed?.spec
        guard let specBox else {
            throw EngineError(code: .badPlan, address: plan.address, message: "the plan carries no spec for it")
        }
        let spec = try specBox.decode(Driver.Spec.self)
        switch plan.action {
        case .noOp: return plan.observed?.identity
        case .create: return try await driver.create(spec, context)
        case .update, .adopt:
            guard let observed else { return try await driver.create(spec, context) }
            let changed = Set(plan.changes.compactMap { Driver.Attribute(rawValue: $0.attribute) })
            return try await driver.update(spec, observed: observed, changed: changed, context)
        case .replace:
            guard let observed else { return try await driver.create(spec, context) }
            return try await driver.replace(spec, observed: observed, context)
        case .delete:
            guard let observed else { return nil }
            try await driver.delete(spec, observed: observed, context)
            return nil
        }
    }
}

/// A spec, encoded: what the plan file carries for apply.
public struct SpecBox: Sendable, Equatable, Codable {
    /// The spec as JSON with sorted keys.
    public let json: Data

    /// Encodes a spec.
    public init<Spec: Encodable>(_ spec: Spec) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        json = try encoder.encode(spec)
    }

    /// Wraps JSON read from a plan file.
    public init(json: Data) { self.json = json }

    /// Decodes the spec.
    public func decode<Spec: Decodable>(_ type: Spec.Type) throws -> Spec {
        try JSONDecoder().decode(type, from: json)
    }

    /// Encoded as the JSON object itself, so the plan file stays readable.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(JSONValue.self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        json = try encoder.encode(value)
    }

    /// Encoded as the JSON object itself.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(try JSONDecoder().decode(JSONValue.self, from: json))
    }
}
