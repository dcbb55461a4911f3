import HoistAWS

extension ResourceKind {
    /// An HTTP API's Lambda integration.
    public static let integration = ResourceKind("integration")
}

/// A payload-2.0 Lambda proxy integration of the API with one function; owned through the API.
public struct IntegrationDriver: ResourceDriver {
    /// The integration.
    public struct Spec: Codable, Sendable, Equatable {
        /// The function it invokes (also the integration's name in plans).
        public var function: String
        /// The API's name.
        public var api: String
        /// The alias it invokes (`live`), so that a release or rollback switches the API with no change here; nil
        /// invokes `$LATEST`.
        public var qualifier: String?
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case type, uri
        case payloadFormatVersion = "payload_format_version"
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .integration }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] { APIDriver().grants(scope) }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.function }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] {
        [ResourceAddress(.api, spec.api), ResourceAddress(.function, spec.function)]
            + (spec.qualifier.map { [ResourceAddress(.alias, "\(spec.function):\($0)")] } ?? [])
    }
    /// The resource it is owned through.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.api, spec.api) }

    /// The function's ARN, with the alias when there is one.
    func functionArn(_ spec: Spec, _ scope: DeploymentScope) -> String {
        let function =
            scope.identities[ResourceAddress(.function, spec.function)]?.arn?.description
            ?? scope.arn("lambda", "function:\(spec.function)").description
        return spec.qualifier.map { "\(function):\($0)" } ?? function
    }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.type: .string("AWS_PROXY"), .uri: .string(functionArn(spec, scope)), .payloadFormatVersion: .string("2.0")]
    }

    /// The integration with this function, else the API's first Lambda proxy integration that invokes none of the
    /// stage's functions (one made by hand, to adopt): an integration of another function of the stage (all named
    /// `<api>[-<name>]`) is that function's, never this one's.
    static func find(_ spec: Spec, in integrations: [APIGatewayIntegration]) -> APIGatewayIntegration? {
        let proxies = integrations.filter { $0.integrationType == "AWS_PROXY" }
        return proxies.first { integration in
            guard let uri = integration.integrationUri else { return false }
            return uri.hasSuffix(":function:\(spec.function)")
                || spec.qualifier.map { uri.hasSuffix(":function:\(spec.function):\($0)") } == true
        } ?? proxies.first { !($0.integrationUri ?? "").contains(":function:\(spec.api)") }
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard let apiId = context.scope.identities[ResourceAddress(.api, spec.api)]?.id else { return nil }
        let integrations = try await context.cache.memo("integrations:\(apiId)") {
            try await APIGatewayV2(client: context.client).getIntegrations(apiId: apiId)
        }
        guard let integration = Self.find(spec, in: integrations) else { return nil }
        return Observation(
            attributes: [
                .type: .string(integration.integrationType ?? ""), .uri: .string(integration.integrationUri ?? ""),
                .payloadFormatVersion: .string(integration.payloadFormatVersion ?? ""),
            ], identity: ResourceIdentity(id: integration.integrationId), tags: nil)
    }

    func body(_ spec: Spec, _ context: EngineContext) -> APIGatewayIntegration {
        APIGatewayIntegration(
            integrationType: "AWS_PROXY", integrationUri: functionArn(spec, context.scope), payloadFormatVersion: "2.0",
            integrationMethod: "POST")
    }

    /// CreateIntegration is not idempotent: after a lost answer, an integration with this function's ARN is the
    /// one created.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let address = self.address(of: spec)
        guard let apiId = try context.require(ResourceAddress(.api, spec.api), for: address).id else {
            throw EngineError(code: .missingDependency, address: address, message: "the API has no id")
        }
        let uri = functionArn(spec, context.scope)
        let integration = try await context.createOnce(
            address,
            find: {
                try await APIGatewayV2(client: context.client).getIntegrations(apiId: apiId).first {
                    $0.integrationType == "AWS_PROXY" && $0.integrationUri == uri
                }
            },
            create: { client in
                try await APIGatewayV2(client: client).createIntegration(apiId: apiId, body(spec, context))
            })
        return ResourceIdentity(id: integration.integrationId)
    }

    /// Changes what differs, in place.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let address = self.address(of: spec)
        guard let apiId = try context.require(ResourceAddress(.api, spec.api), for: address).id,
            let integrationId = observed.identity.id
        else {
            throw EngineError(code: .missingDependency, address: address, message: "the integration's id is unknown")
        }
        _ = try await APIGatewayV2(client: context.client).updateIntegration(
            apiId: apiId, integrationId: integrationId, body(spec, context))
        return observed.identity
    }

    /// Goes with its API; hoist deletes no integration of an API it keeps (the config has one per function).
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {}
}
