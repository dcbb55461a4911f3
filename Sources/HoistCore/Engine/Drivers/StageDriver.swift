import HoistAWS

extension ResourceKind {
    /// An HTTP API's stage.
    public static let stage = ResourceKind("stage")
}

/// The API's `$default` stage with auto-deploy; owned through the API.
public struct StageDriver: ResourceDriver {
    /// The stage.
    public struct Spec: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// The API's name.
        public var api: String
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case autoDeploy = "auto_deploy"
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .stage }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] { APIDriver().grants(scope) }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [ResourceAddress(.api, spec.api)] }
    /// The resource it is owned through.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.api, spec.api) }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] { [.autoDeploy: .bool(true)] }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard let apiId = context.scope.identities[ResourceAddress(.api, spec.api)]?.id,
            let stage = try await APIGatewayV2(client: context.client).getStages(apiId: apiId).first(where: {
                $0.stageName == spec.name
            })
        else { return nil }
        return Observation(attributes: [.autoDeploy: .bool(stage.autoDeploy ?? false)], tags: nil)
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let address = self.address(of: spec)
        guard let apiId = try context.require(ResourceAddress(.api, spec.api), for: address).id else {
            throw EngineError(code: .missingDependency, address: address, message: "the API has no id")
        }
        _ = try await context.createOnce(
            address, alreadyExists: ["ConflictException"],
            find: {
                try await APIGatewayV2(client: context.client).getStages(apiId: apiId).first {
                    $0.stageName == spec.name
                }
            },
            create: { client in try await APIGatewayV2(client: client).createStage(apiId: apiId, name: spec.name) })
        return ResourceIdentity(id: spec.name)
    }

    /// Changes what differs, in place.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        throw EngineError(
            code: .unsupported, address: address(of: spec), message: "the stage's auto-deploy was turned off by hand",
            hint: "turn it on again in the console, or delete the stage and deploy")
    }

    /// Goes with its API.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {}
}
