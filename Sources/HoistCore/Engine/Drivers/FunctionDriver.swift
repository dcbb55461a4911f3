import Foundation
import HoistAWS

extension ResourceKind {
    /// A Lambda function.
    public static let function = ResourceKind("function")
}

/// A Lambda function: the API's, or the rotation handler (the same code in another mode). Every function is the
/// same kind of resource; only its spec differs.
public struct FunctionDriver: ResourceDriver {
    /// One environment variable: a value, or the ARN of a secret of the deployment (known once it exists).
    public struct EnvironmentValue: Codable, Sendable, Equatable {
        /// The literal value.
        public var value: String?
        /// The name of the secret whose ARN this is.
        public var secretArnOf: String?
        /// The name of the queue whose URL this is.
        public var queueURLOf: String?
        /// Whether plans may show the value (hoist's own variables, and those hoist.yml marks `public: true`);
        /// nil or false shows a digest.
        public var shown: Bool?

        /// A literal plans show as a digest.
        public static func text(_ value: String) -> EnvironmentValue { EnvironmentValue(value: value) }
        /// A literal plans may show.
        public static func shown(_ value: String) -> EnvironmentValue { EnvironmentValue(value: value, shown: true) }
        /// A secret's ARN (shown: an ARN is not the secret).
        public static func secretArn(_ secret: String) -> EnvironmentValue {
            EnvironmentValue(secretArnOf: secret, shown: true)
        }
        /// A queue's URL, as SQS answered it once the queue exists.
        public static func queueURL(_ queue: String) -> EnvironmentValue {
            EnvironmentValue(queueURLOf: queue, shown: true)
        }
    }

    /// A layer the function uses, with the digest of the zip it must have.
    public struct LayerReference: Codable, Sendable, Equatable {
        /// The layer's name.
        public var name: String
        /// Its zip's SHA-256, base64.
        public var sha256Base64: String
    }

    /// The function.
    public struct Spec: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// `provided.al2023`, `python3.11`…
        public var runtime: String
        /// `bootstrap`, or the Python handler.
        public var handler: String
        /// `x86_64` or `arm64`.
        public var architecture: String
        /// Memory in MB.
        public var memory: Int
        /// Timeout in seconds.
        public var timeout: Int
        /// The execution role's name.
        public var role: String
        /// Its log group's name.
        public var logGroup: String
        /// The environment.
        public var environment: [String: EnvironmentValue]
        /// The code zip.
        public var code: CodeSource
        /// The layers.
        public var layers: [LayerReference]
        /// Reserved concurrent executions; nil for none.
        public var reservedConcurrency: Int?
        /// The tags, ownership tags included.
        public var tags: [String: String]
        /// Tables and secrets it needs first.
        public var needs: [ResourceAddress]
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case runtime, handler, architecture, memory, timeout, role, environment, tags, layers
        case codeSha256 = "code_sha256"
        case reservedConcurrency = "reserved_concurrency"
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .function }
    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let role = "\(scope.arnPrefix):iam::\(scope.account):role/\(scope.prefix)*"
        let function = "\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):function:\(scope.prefix)*"
        return [
            // ListFunctions has no resource-level permission: it finds the functions a removed `functions:` entry
            // left.
            DeployerGrant(sid: "ListWithoutResourceScope", reads: ["lambda:ListFunctions"], resources: ["*"]),
            DeployerGrant(
                sid: "Functions",
                reads: ["lambda:GetFunction", "lambda:GetFunctionConcurrency", "lambda:GetFunctionConfiguration"],
                resources: [function]),
            DeployerGrant(
                sid: "CreateProjectFunctions", writes: ["lambda:CreateFunction"], resources: [function],
                conditions: scope.taggedCreate),
            DeployerGrant(
                sid: "ChangeProjectFunctions",
                writes: [
                    "lambda:DeleteFunction", "lambda:DeleteFunctionConcurrency", "lambda:PutFunctionConcurrency",
                    "lambda:TagResource", "lambda:UntagResource", "lambda:UpdateFunctionCode",
                    "lambda:UpdateFunctionConfiguration",
                ], resources: [function], conditions: scope.ownedOnly),
            DeployerGrant(
                sid: "PassRoleToLambda", writes: ["iam:PassRole"], resources: [role],
                conditions: ["StringEquals": ["iam:PassedToService": ["lambda.amazonaws.com"]]]),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }

    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] {
        var addresses = [
            ResourceAddress(.role, spec.role), ResourceAddress(.rolePolicy, "\(spec.role)-execution"),
            ResourceAddress(.logGroup, spec.logGroup),
        ]
        addresses += spec.layers.map { ResourceAddress(.layer, $0.name) }
        if let artifact = spec.code.artifact { addresses.append(artifact) }
        return addresses + spec.needs
    }

    /// The environment as Lambda gets it. A secret's ARN ends in a random suffix that exists only once the secret
    /// does: before that, the ARN without its suffix stands in, and apply fills in the created one.
    public static func environment(of spec: Spec, _ scope: DeploymentScope) -> [String: String] {
        resolve(spec.environment, scope)
    }

    static func resolve(_ environment: [String: EnvironmentValue], _ scope: DeploymentScope) -> [String: String] {
        environment.mapValues { value in
            if let secret = value.secretArnOf {
                return scope.identities[ResourceAddress(.secret, secret)]?.arn?.description
                    ?? scope.arn("secretsmanager", "secret:\(secret)").description
            }
            if let queue = value.queueURLOf {
                return scope.identities[ResourceAddress(.queue, queue)]?.id
                    ?? "https://sqs.\(scope.region).amazonaws.com/\(scope.account)/\(queue)"
            }
            return value.value ?? ""
        }
    }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [
            .runtime: .string(spec.runtime), .handler: .string(spec.handler), .architecture: .string(spec.architecture),
            .memory: .int(spec.memory), .timeout: .int(spec.timeout),
            .role: .string(scope.arn("iam", "role/\(spec.role)", regional: false).description),
            .environment: Self.shown(Self.resolve(spec.environment, scope), spec),
            .codeSha256: .string(spec.code.sha256Base64), .tags: .stringMap(spec.tags),
            .layers: .strings(spec.layers.map { "\($0.name)@\($0.sha256Base64)" }),
            .reservedConcurrency: spec.reservedConcurrency.map(PlanValue.int) ?? .string("none"),
        ]
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        let lambda = Lambda(client: context.client)
        guard let function = try await AWSError.nilIfNotFound({ try await lambda.getFunction(name: spec.name) }),
            let configuration = function.configuration
        else { return nil }
        let tags = (function.tags ?? [:]).filter { !$0.key.hasPrefix("aws:") }
        let reserved = try await lambda.getFunctionConcurrency(name: spec.name)
        var attributes = try await Self.versioned(configuration, spec, context)
        attributes[.tags] = .stringMap(tags)
        attributes[.reservedConcurrency] = reserved.map(PlanValue.int) ?? .string("none")
        return Observation(
            attributes: attributes,
            identity: ResourceIdentity(
                arn: configuration.functionArn.flatMap(ARN.init), revision: configuration.revisionId), tags: tags)
    }

    /// The attributes a published version keeps (all but tags and reserved concurrency, which belong to the
    /// function), as read from `$LATEST` or from a version.
    static let versionedAttributes: [Attribute] = Attribute.allCases.filter {
        $0 != .tags && $0 != .reservedConcurrency
    }

    /// The ``versionedAttributes`` of a configuration Lambda answered, comparable with ``render(_:_:)``.
    static func versioned(_ configuration: FunctionConfiguration, _ spec: Spec, _ context: EngineContext)
        async throws -> [Attribute: PlanValue]
    {
        var layers: [String] = []
        for layer in configuration.layers ?? [] {
            if let arn = layer.arn { layers.append(try await Self.layerLabel(arn, context)) }
        }
        return [
            .runtime: .string(configuration.runtime ?? ""), .handler: .string(configuration.handler ?? ""),
            .architecture: .string(configuration.architectures?.first ?? "x86_64"),
            .memory: .int(configuration.memorySize ?? 128), .timeout: .int(configuration.timeout ?? 3),
            .role: .string(configuration.role ?? ""),
            .environment: Self.shown(configuration.environment?.variables ?? [:], spec),
            .codeSha256: .string(configuration.codeSha256 ?? ""), .layers: .strings(layers),
        ]
    }

    /// The environment as plans show it: names in clear; values in clear only where the spec says so, else
    /// `sha256:` and the first 12 hex digits of the value's SHA-256, so a change still shows and compares.
    static func shown(_ variables: [String: String], _ spec: Spec) -> PlanValue {
        .map(
            Dictionary(
                uniqueKeysWithValues: variables.map { name, value in
                    if spec.environment[name]?.shown == true { return (name, PlanValue.string(value)) }
                    let digest = SigV4Signer.hexSHA256(Array(value.utf8)).prefix(12)
                    return (name, PlanValue.string("sha256:\(digest)…"))
                }))
    }

    /// `name@digest` of a layer version ARN, as the plan compares layers.
    static func layerLabel(_ arn: String, _ context: EngineContext) async throws -> String {
        try await context.cache.memo("layer-label:\(arn)") {
            let parts = arn.split(separator: ":")
            guard parts.count >= 8, let version = Int(parts[7]) else { return arn }
            let layer = try await Lambda(client: context.client).getLayerVersion(
                layerName: String(parts[6]), version: version)
            return "\(parts[6])@\(layer.content?.codeSha256 ?? "?")"
        }
    }

    /// What the function's calls need that only apply knows: the role's and layers' ARNs, secrets' full ARNs.
    struct Resolved {
        var role: String
        var layers: [String]
        var environment: [String: String]
    }

    func resolved(_ spec: Spec, _ context: EngineContext) throws -> Resolved {
        let address = self.address(of: spec)
        let role =
            context.scope.identities[ResourceAddress(.role, spec.role)]?.arn?.description
            ?? context.arn("iam", "role/\(spec.role)", regional: false).description
        let layers = try spec.layers.map { layer -> String in
            guard let arn = try context.require(ResourceAddress(.layer, layer.name), for: address).arn else {
                throw EngineError(code: .missingDependency, address: address, message: "layer \(layer.name) has no ARN")
            }
            return arn.description
        }
        return Resolved(role: role, layers: layers, environment: Self.resolve(spec.environment, context.scope))
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let address = self.address(of: spec)
        let lambda = Lambda(client: context.client)
        let resolved = try resolved(spec, context)
        let input = CreateFunctionInput(
            functionName: spec.name, runtime: spec.runtime, role: resolved.role, handler: spec.handler,
            code: try spec.code.lambdaCode(for: address), timeout: spec.timeout, memorySize: spec.memory,
            environment: LambdaEnvironment(variables: resolved.environment),
            layers: resolved.layers.isEmpty ? nil : resolved.layers, architectures: [spec.architecture],
            tags: spec.tags)
        let created = try await context.createOnce(
            address, alreadyExists: ["ResourceConflictException"],
            find: {
                guard
                    let function = try await AWSError.nilIfNotFound({ try await lambda.getFunction(name: spec.name) }),
                    context.owns(function.tags ?? [:])
                else { return nil }
                return function.configuration
            },
            create: { client in
                try await context.retryingEventualConsistency(address) {
                    try await Lambda(client: client).createFunction(input)
                }
            })
        try spec.code.verify(created.codeSha256, for: address)
        let active = try await lambda.waitUntilActive(name: spec.name, interval: context.pollInterval)
        if let reserved = spec.reservedConcurrency {
            try await lambda.putFunctionConcurrency(name: spec.name, reservedConcurrentExecutions: reserved)
        }
        return ResourceIdentity(arn: active.functionArn.flatMap(ARN.init), revision: active.revisionId)
    }

    /// Code first (a new architecture goes with it, UpdateFunctionCode's `Architectures`: in place, so the versions,
    /// aliases and the triggers on them stay), then configuration, then concurrency and tags. Each Lambda call
    /// names the revision the plan saw (then the one it produced), so a function changed by someone else since the
    /// plan is refused, not overwritten.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let address = self.address(of: spec)
        let lambda = Lambda(client: context.client)
        let resolved = try resolved(spec, context)
        var identity = observed.identity
        if changed.contains(.codeSha256) || changed.contains(.architecture) {
            let code = try spec.code.lambdaCode(for: address)
            let architectures = changed.contains(.architecture) ? [spec.architecture] : nil
            let expected = identity.revision
            let updated = try await guardingRevision(address) {
                try await context.retryingEventualConsistency(address) {
                    try await lambda.updateFunctionCode(
                        name: spec.name, code: code, architectures: architectures, revisionId: expected)
                }
            }
            try spec.code.verify(updated.codeSha256, for: address)
            identity.revision = try await lambda.waitUntilUpdated(name: spec.name, interval: context.pollInterval)
                .revisionId
        }
        var update = UpdateFunctionConfigurationInput()
        if changed.contains(.memory) { update.memorySize = spec.memory }
        if changed.contains(.timeout) { update.timeout = spec.timeout }
        if changed.contains(.handler) { update.handler = spec.handler }
        if changed.contains(.runtime) { update.runtime = spec.runtime }
        if changed.contains(.role) { update.role = resolved.role }
        if changed.contains(.environment) { update.environment = LambdaEnvironment(variables: resolved.environment) }
        if changed.contains(.layers) { update.layers = resolved.layers }
        if update != UpdateFunctionConfigurationInput() {
            update.revisionId = identity.revision
            let request = update
            _ = try await guardingRevision(address) {
                try await context.retryingEventualConsistency(address) {
                    try await lambda.updateFunctionConfiguration(name: spec.name, request)
                }
            }
            identity.revision = try await lambda.waitUntilUpdated(name: spec.name, interval: context.pollInterval)
                .revisionId
        }
        if changed.contains(.reservedConcurrency) {
            if let reserved = spec.reservedConcurrency {
                try await lambda.putFunctionConcurrency(name: spec.name, reservedConcurrentExecutions: reserved)
            } else {
                try await lambda.deleteFunctionConcurrency(name: spec.name)
            }
        }
        if changed.contains(.tags), let arn = identity.arn {
            let stale = observed.staleTagKeys(spec.tags)
            if !stale.isEmpty { try await lambda.untagResource(arn: arn.description, keys: stale) }
            try await lambda.tagResource(arn: arn.description, tags: spec.tags)
        }
        return identity
    }

    /// Turns Lambda's 412 (a RevisionId that moved) into an error that says what happened and what to do.
    func guardingRevision<T: Sendable>(_ address: ResourceAddress, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AWSError where error.code == "PreconditionFailedException" || error.status == 412 {
            throw EngineError(
                code: .drift, address: address,
                message: "the function changed since this plan was made (its RevisionId moved); "
                    + "nothing was overwritten: run `hoist plan` again", underlying: error)
        }
    }

    /// Deletes it; one already gone counts as deleted.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        _ = try await AWSError.nilIfNotFound {
            try await Lambda(client: context.client).deleteFunction(name: spec.name)
        }
    }
}
