import HoistAWS

extension ResourceKind {
    /// An HTTP API.
    public static let api = ResourceKind("api")
}

/// The stage's HTTP API, with its CORS settings.
public struct APIDriver: ResourceDriver {
    /// CORS settings.
    public struct Cors: Codable, Sendable, Equatable {
        /// Allowed origins.
        public var allowOrigins: [String]
        /// Allowed methods.
        public var allowMethods: [String]
        /// Allowed headers.
        public var allowHeaders: [String]
        /// Preflight cache seconds.
        public var maxAge: Int?

        /// Creates settings.
        public init(
            allowOrigins: [String], allowMethods: [String] = [], allowHeaders: [String] = [], maxAge: Int? = nil
        ) {
            self.allowOrigins = allowOrigins
            self.allowMethods = allowMethods
            self.allowHeaders = allowHeaders
            self.maxAge = maxAge
        }

        /// As API Gateway takes it; an empty list is left out, as API Gateway leaves it out of its answers.
        var gateway: APIGatewayCors {
            func list(_ values: [String]) -> [String]? { values.isEmpty ? nil : values }
            return APIGatewayCors(
                allowOrigins: list(allowOrigins), allowMethods: list(allowMethods), allowHeaders: list(allowHeaders),
                maxAge: maxAge)
        }
    }

    /// The API.
    public struct Spec: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// CORS; nil for none.
        public var cors: Cors?
        /// The tags, ownership tags included.
        public var tags: [String: String]
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case `protocol`, cors, tags
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .api }

    /// What the deploying identity needs for this kind. API Gateway's V2 API names no project in its ARNs (ids are
    /// random) and its routes and integrations do not inherit the API's tags for access control (V1's children
    /// do), so the allow covers every HTTP API of the region. What does carry tags (APIs, stages) and carries
    /// another project's `hoist:project` is refused outright: a project's deployer cannot change or delete another
    /// hoist project's API or stage. An untagged resource is not refused (AWS gives no tag to compare).
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let writes = ["apigateway:DELETE", "apigateway:PATCH", "apigateway:POST", "apigateway:PUT"]
        let tag = "aws:ResourceTag/\(Ownership.projectTag)"
        return [
            DeployerGrant(
                sid: "HttpApis", reads: ["apigateway:GET"],
                writes: ["apigateway:DELETE", "apigateway:PATCH", "apigateway:POST"],
                resources: [
                    "\(scope.arnPrefix):apigateway:\(scope.region)::/apis",
                    "\(scope.arnPrefix):apigateway:\(scope.region)::/apis/*",
                    "\(scope.arnPrefix):apigateway:\(scope.region)::/tags/*",
                ]),
            DeployerGrant(
                sid: "OtherProjectsHttpApis", writes: writes,
                resources: [
                    "\(scope.arnPrefix):apigateway:\(scope.region)::/apis/*",
                    "\(scope.arnPrefix):apigateway:\(scope.region)::/tags/*",
                ],
                // StringLike "*" holds only where the tag is there: untagged children are never denied.
                conditions: ["StringLike": [tag: ["*"]], "StringNotEquals": [tag: [scope.project]]], deny: true),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [] }

    /// CORS settings as plan attributes.
    static func corsValue(_ cors: APIGatewayCors?) -> PlanValue {
        // "none" rather than no attribute, so that removing CORS from the config is a change the plan shows.
        guard let cors else { return .string("none") }
        var attributes: [String: PlanValue] = [:]
        if let origins = cors.allowOrigins { attributes["allow_origins"] = .strings(origins) }
        if let methods = cors.allowMethods { attributes["allow_methods"] = .strings(methods) }
        if let headers = cors.allowHeaders { attributes["allow_headers"] = .strings(headers) }
        if let maxAge = cors.maxAge { attributes["max_age"] = .int(maxAge) }
        return .map(attributes)
    }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.protocol: .string("HTTP"), .tags: .stringMap(spec.tags), .cors: Self.corsValue(spec.cors?.gateway)]
    }

    /// The API of this name, this stage's first when several share it.
    static func find(_ name: String, _ apis: [APIGatewayAPI], _ context: EngineContext) -> APIGatewayAPI? {
        let named = apis.filter { $0.name == name }
        return named.first { context.owns($0.tags ?? [:]) } ?? named.first
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        let apis = try await context.cache.memo("apis") { try await APIGatewayV2(client: context.client).getApis() }
        guard let api = Self.find(spec.name, apis, context) else { return nil }
        let tags = (api.tags ?? [:]).filter { !$0.key.hasPrefix("aws:") }
        return Observation(
            attributes: [
                .protocol: .string(api.protocolType ?? ""), .tags: .stringMap(tags),
                .cors: Self.corsValue(api.corsConfiguration),
            ], identity: identity(api, context), tags: tags)
    }

    func identity(_ api: APIGatewayAPI, _ context: EngineContext) -> ResourceIdentity {
        ResourceIdentity(
            arn: api.apiId.map {
                ARN(
                    partition: context.partition, service: "apigateway", region: context.region, account: "",
                    resource: "/apis/\($0)")
            },
            id: api.apiId, endpoint: api.apiEndpoint)
    }

    /// CreateApi is not idempotent: after an answer lost once API Gateway acted, the API of this name carrying this
    /// stage's tags is the one created, not a reason to create a second.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let gateway = APIGatewayV2(client: context.client)
        let api = try await context.createOnce(
            address(of: spec),
            find: {
                try await gateway.getApis().first { $0.name == spec.name && context.owns($0.tags ?? [:]) }
            },
            create: { client in
                try await APIGatewayV2(client: client).createApi(
                    name: spec.name, cors: spec.cors?.gateway, tags: spec.tags)
            })
        return identity(api, context)
    }

    /// Changes what differs, in place.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let gateway = APIGatewayV2(client: context.client)
        guard let apiId = observed.identity.id else {
            throw EngineError(code: .missingDependency, address: address(of: spec), message: "the API's id is unknown")
        }
        if changed.contains(.cors) {
            if let cors = spec.cors {
                _ = try await gateway.updateApi(id: apiId, cors: cors.gateway)
            } else {
                try await gateway.deleteCorsConfiguration(apiId: apiId)
            }
        }
        if changed.contains(.tags) {
            let arn = "arn:\(context.partition):apigateway:\(context.region)::/apis/\(apiId)"
            let stale = observed.staleTagKeys(spec.tags)
            if !stale.isEmpty { try await gateway.untagResource(arn: arn, keys: stale) }
            try await gateway.tagResource(arn: arn, tags: spec.tags)
        }
        return observed.identity
    }

    /// Deleting the API deletes its integrations, routes and stages with it.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        guard let apiId = observed.identity.id else { return }
        _ = try await AWSError.nilIfNotFound { try await APIGatewayV2(client: context.client).deleteApi(id: apiId) }
    }
}
