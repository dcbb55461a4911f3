import HoistAWS

extension ResourceKind {
    /// A route of an HTTP API.
    public static let route = ResourceKind("route")
}

/// One route (`$default`, `GET /movies`) of the API, to a function's integration; owned through the API. Routes
/// of the API that the config no longer names are discovered and deleted.
public struct RouteDriver: ResourceDriver {
    /// The route.
    public struct Spec: Codable, Sendable, Equatable {
        /// The route key.
        public var key: String
        /// The API's name.
        public var api: String
        /// The integration it targets (the function's name).
        public var integration: String
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case target
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .route }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] { APIDriver().grants(scope) }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.key }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [ResourceAddress(.integration, spec.integration)] }
    /// The resource it is owned through.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.api, spec.api) }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.target: .string(ResourceAddress(.integration, spec.integration).description)]
    }

    func routes(_ api: String, _ context: EngineContext) async throws -> (String, [APIGatewayRoute])? {
        guard let apiId = context.scope.identities[ResourceAddress(.api, api)]?.id else { return nil }
        let routes = try await context.cache.memo("routes:\(apiId)") {
            try await APIGatewayV2(client: context.client).getRoutes(apiId: apiId)
        }
        return (apiId, routes)
    }

    func observation(_ route: APIGatewayRoute, integration: String, _ context: EngineContext) -> Observation<Attribute>
    {
        let integrationId = context.scope.identities[ResourceAddress(.integration, integration)]?.id ?? "-"
        let target =
            route.target == "integrations/\(integrationId)"
            ? ResourceAddress(.integration, integration).description : (route.target ?? "")
        return Observation(
            attributes: [.target: .string(target)], identity: ResourceIdentity(id: route.routeId), tags: nil)
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard let (_, routes) = try await routes(spec.api, context),
            let route = routes.first(where: { $0.routeKey == spec.key })
        else { return nil }
        return observation(route, integration: spec.integration, context)
    }

    /// The API is this stage's: its routes the config does not name are observed too, and deleted.
    public func discover(desired: [Spec], _ context: EngineContext) async throws -> [(Spec, Observation<Attribute>)] {
        guard let first = desired.first, let (_, routes) = try await routes(first.api, context) else { return [] }
        let named = Set(desired.map(\.key))
        return routes.compactMap { route in
            guard let key = route.routeKey, !named.contains(key) else { return nil }
            let spec = Spec(key: key, api: first.api, integration: first.integration)
            return (spec, observation(route, integration: first.integration, context))
        }
    }

    func ids(_ spec: Spec, _ context: EngineContext) throws -> (api: String, integration: String) {
        let address = self.address(of: spec)
        guard let apiId = try context.require(ResourceAddress(.api, spec.api), for: address).id,
            let integrationId = try context.require(ResourceAddress(.integration, spec.integration), for: address).id
        else {
            throw EngineError(
                code: .missingDependency, address: address, message: "the API or its integration has no id")
        }
        return (apiId, integrationId)
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let (apiId, integrationId) = try ids(spec, context)
        let route = try await context.createOnce(
            address(of: spec), alreadyExists: ["ConflictException"],
            find: {
                try await APIGatewayV2(client: context.client).getRoutes(apiId: apiId).first { $0.routeKey == spec.key }
            },
            create: { client in
                try await APIGatewayV2(client: client).createRoute(
                    apiId: apiId, routeKey: spec.key, integrationId: integrationId)
            })
        return ResourceIdentity(id: route.routeId)
    }

    /// Changes what differs, in place.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let (apiId, integrationId) = try ids(spec, context)
        guard let routeId = observed.identity.id else {
            throw EngineError(
                code: .missingDependency, address: address(of: spec), message: "the route's id is unknown")
        }
        _ = try await APIGatewayV2(client: context.client).updateRoute(
            apiId: apiId, routeId: routeId, integrationId: integrationId)
        return observed.identity
    }

    /// Deletes it; one already gone counts as deleted.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        let api = ResourceAddress(.api, spec.api)
        guard !context.deletions.contains(api), let routeId = observed.identity.id,
            let apiId = context.scope.identities[api]?.id
        else { return }
        _ = try await AWSError.nilIfNotFound {
            try await APIGatewayV2(client: context.client).deleteRoute(apiId: apiId, routeId: routeId)
        }
    }
}
