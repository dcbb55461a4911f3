import HoistAWS

extension ResourceKind {
    /// A function URL on a function's alias.
    public static let functionURL = ResourceKind("function_url")
}

/// The HTTPS endpoint of a function's alias (`live`): `AWS_IAM` auth, or `NONE`, which makes it public (the plan
/// says so, and the two permissions a public URL needs are ``PermissionDriver`` statements). Buffered responses,
/// optional CORS. The URL itself is in the identity (`endpoint`), not an attribute: AWS chooses it. Owned through
/// the function.
public struct FunctionURLDriver: ResourceDriver {
    /// Who may call the URL.
    public enum AuthType: String, Codable, Sendable {
        /// Callers sign with SigV4 and need `lambda:InvokeFunctionUrl` (Lambda's `AWS_IAM`).
        case iam
        /// Anyone (Lambda's `NONE`): public.
        case none

        /// Lambda's name for it.
        public var lambdaValue: String { self == .iam ? "AWS_IAM" : "NONE" }
    }

    /// CORS settings of the URL.
    public struct Cors: Codable, Sendable, Equatable {
        /// Allowed origins.
        public var allowOrigins: [String]
        /// Allowed methods.
        public var allowMethods: [String]
        /// Allowed request headers.
        public var allowHeaders: [String]
        /// Headers exposed to the browser.
        public var exposeHeaders: [String]
        /// Preflight cache seconds.
        public var maxAge: Int?
        /// Whether cookies and authorization headers are allowed.
        public var allowCredentials: Bool?

        /// Creates settings.
        public init(
            allowOrigins: [String], allowMethods: [String] = [], allowHeaders: [String] = [],
            exposeHeaders: [String] = [], maxAge: Int? = nil, allowCredentials: Bool? = nil
        ) {
            self.allowOrigins = allowOrigins
            self.allowMethods = allowMethods
            self.allowHeaders = allowHeaders
            self.exposeHeaders = exposeHeaders
            self.maxAge = maxAge
            self.allowCredentials = allowCredentials
        }

        /// As Lambda takes it; an empty list is left out.
        var lambda: FunctionURLCors {
            func list(_ values: [String]) -> [String]? { values.isEmpty ? nil : values }
            return FunctionURLCors(
                allowCredentials: allowCredentials, allowHeaders: list(allowHeaders), allowMethods: list(allowMethods),
                allowOrigins: list(allowOrigins), exposeHeaders: list(exposeHeaders), maxAge: maxAge)
        }
    }

    /// The URL.
    public struct Spec: Codable, Sendable, Equatable {
        /// The function's name.
        public var function: String
        /// The alias the URL is on.
        public var qualifier: String
        /// Who may call it.
        public var authType: AuthType
        /// CORS; nil for none.
        public var cors: Cors?

        /// Creates a spec.
        public init(function: String, qualifier: String, authType: AuthType, cors: Cors? = nil) {
            self.function = function
            self.qualifier = qualifier
            self.authType = authType
            self.cors = cors
        }
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case authType = "auth_type"
        case cors
        case invokeMode = "invoke_mode"
    }

    /// Responses are sent once complete, not streamed.
    static let invokeMode = "BUFFERED"

    /// The kind this driver handles.
    public var kind: ResourceKind { .functionURL }

    /// What the deploying identity needs for this kind: the URL calls on the project's (tagged) functions.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let function = "\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):function:\(scope.prefix)*"
        return [
            DeployerGrant(sid: "Functions", reads: ["lambda:GetFunctionUrlConfig"], resources: [function]),
            DeployerGrant(
                sid: "ChangeProjectFunctions",
                writes: [
                    "lambda:CreateFunctionUrlConfig", "lambda:DeleteFunctionUrlConfig",
                    "lambda:UpdateFunctionUrlConfig",
                ], resources: [function], conditions: scope.ownedOnly),
        ]
    }

    /// The function's name: one URL per function.
    public func name(of spec: Spec) -> String { spec.function }
    /// The alias it is on.
    public func dependencies(of spec: Spec) -> [ResourceAddress] {
        [ResourceAddress(.function, spec.function), ResourceAddress(.alias, "\(spec.function):\(spec.qualifier)")]
    }
    /// Owned through the function.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.function, spec.function) }

    /// `AWS_IAM`, or `NONE` marked public so that no plan shows a public URL without saying so.
    public static func authTypeValue(_ lambdaValue: String) -> PlanValue {
        .string(lambdaValue == "NONE" ? "NONE (public: anyone can invoke)" : lambdaValue)
    }

    /// CORS as plan attributes, `none` when there are none: empty lists, no max age (0) and no credentials
    /// (false) are left out, as they mean the same as not set.
    static func corsValue(_ cors: FunctionURLCors?) -> PlanValue {
        var attributes: [String: PlanValue] = [:]
        let lists = [
            ("allow_origins", cors?.allowOrigins), ("allow_methods", cors?.allowMethods),
            ("allow_headers", cors?.allowHeaders), ("expose_headers", cors?.exposeHeaders),
        ]
        for (name, values) in lists where !(values ?? []).isEmpty { attributes[name] = .strings(values ?? []) }
        if let maxAge = cors?.maxAge, maxAge > 0 { attributes["max_age"] = .int(maxAge) }
        if cors?.allowCredentials == true { attributes["allow_credentials"] = .bool(true) }
        return attributes.isEmpty ? .string("none") : .map(attributes)
    }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [
            .authType: Self.authTypeValue(spec.authType.lambdaValue), .cors: Self.corsValue(spec.cors?.lambda),
            .invokeMode: .string(Self.invokeMode),
        ]
    }

    /// The URL's configuration on the alias; nil when it has none.
    static func configuration(_ spec: Spec, _ context: EngineContext) async throws -> FunctionURLConfig? {
        try await AWSError.nilIfNotFound {
            try await Lambda(client: context.client).getFunctionUrlConfig(
                functionName: spec.function, qualifier: spec.qualifier)
        }
    }

    func identity(_ configuration: FunctionURLConfig) -> ResourceIdentity {
        ResourceIdentity(arn: configuration.functionArn.flatMap(ARN.init), endpoint: configuration.functionUrl)
    }

    /// Reads the URL as Lambda has it.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard let configuration = try await Self.configuration(spec, context) else { return nil }
        return Observation(
            attributes: [
                .authType: Self.authTypeValue(configuration.authType ?? ""),
                .cors: Self.corsValue(configuration.cors),
                .invokeMode: .string(configuration.invokeMode ?? Self.invokeMode),
            ], identity: identity(configuration), tags: nil)
    }

    /// CreateFunctionUrlConfig, read first after a lost answer (a second create on the alias is refused).
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let created = try await context.createOnce(
            address(of: spec), alreadyExists: ["ResourceConflictException"],
            find: { try await Self.configuration(spec, context) },
            create: { client in
                try await Lambda(client: client).createFunctionUrlConfig(
                    functionName: spec.function, qualifier: spec.qualifier, authType: spec.authType.lambdaValue,
                    cors: spec.cors?.lambda, invokeMode: Self.invokeMode)
            })
        context.report("  \(address(of: spec)): \(created.functionUrl ?? "?")")
        return identity(created)
    }

    /// UpdateFunctionUrlConfig with every setting (no CORS is sent as an empty CORS, which removes them).
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let updated = try await Lambda(client: context.client).updateFunctionUrlConfig(
            functionName: spec.function, qualifier: spec.qualifier, authType: spec.authType.lambdaValue,
            cors: spec.cors?.lambda ?? .empty, invokeMode: Self.invokeMode)
        return identity(updated)
    }

    /// Deletes the URL; nothing to do when the function goes too (its URLs go with it).
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        guard !context.deletions.contains(ResourceAddress(.function, spec.function)) else { return }
        _ = try await AWSError.nilIfNotFound {
            try await Lambda(client: context.client).deleteFunctionUrlConfig(
                functionName: spec.function, qualifier: spec.qualifier)
        }
    }
}
