import HoistAWS

extension ResourceKind {
    /// A secret's scheduled rotation.
    public static let secretRotation = ResourceKind("secret_rotation")
}

/// A secret's scheduled rotation: RotateSecret with the rotation function and `AutomaticallyAfterDays`,
/// `RotateImmediately=false` so the first rotation comes on schedule (Secrets Manager runs the function's
/// testSecret step at once to check the configuration). Owned through the secret; a rotation set up with another
/// function is not this stage's.
public struct SecretRotationDriver: ResourceDriver {
    /// The schedule.
    public struct Spec: Codable, Sendable, Equatable {
        /// The secret.
        public var secret: String
        /// The rotation function.
        public var function: String
        /// Days between rotations.
        public var afterDays: Int
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case function
        case afterDays = "after_days"
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .secretRotation }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "Secrets", reads: ["secretsmanager:DescribeSecret"],
                writes: ["secretsmanager:CancelRotateSecret", "secretsmanager:RotateSecret"],
                resources: [
                    "\(scope.arnPrefix):secretsmanager:\(scope.region):\(scope.account):secret:\(scope.project)/*"
                ]),
            // RotateSecret also needs the caller to be allowed to invoke the rotation function.
            DeployerGrant(
                sid: "ChangeProjectFunctions", writes: ["lambda:InvokeFunction"],
                resources: ["\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):function:\(scope.prefix)*"],
                conditions: scope.ownedOnly),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.secret }

    /// The function, its policy and the permission come first: RotateSecret runs the function's testSecret step.
    public func dependencies(of spec: Spec) -> [ResourceAddress] {
        [
            ResourceAddress(.secret, spec.secret), ResourceAddress(.function, spec.function),
            ResourceAddress(.permission, "\(spec.function)-secretsmanager-invoke"),
            ResourceAddress(.rolePolicy, "\(spec.function)-execution"),
        ]
    }
    /// The resource it is owned through.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.secret, spec.secret) }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.function: .string(ResourceAddress(.function, spec.function).description), .afterDays: .int(spec.afterDays)]
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard let secret = try await SecretDriver.describe(spec.secret, context), secret.deletedDate == nil,
            secret.rotationEnabled == true
        else { return nil }
        let lambdaArn = secret.rotationLambdaARN ?? ""
        let ours = lambdaArn.hasSuffix(":function:\(spec.function)")
        return Observation(
            attributes: [
                .function: .string(ours ? ResourceAddress(.function, spec.function).description : lambdaArn),
                .afterDays: .int(secret.rotationRules?.automaticallyAfterDays ?? 0),
            ],
            // Another function's rotation carries no sign of hoist: untagged, so it is left alone unless adopted.
            tags: ours ? nil : [:])
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let functionArn =
            context.scope.identities[ResourceAddress(.function, spec.function)]?.arn?.description
            ?? context.arn("lambda", "function:\(spec.function)").description
        _ = try await SecretsManager(client: context.client).rotateSecret(
            id: spec.secret, rotationLambdaARN: functionArn,
            rules: SecretRotationRules(automaticallyAfterDays: spec.afterDays), rotateImmediately: false)
        return ResourceIdentity()
    }

    /// RotateSecret with the new rules replaces the old ones.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        try await create(spec, context)
    }

    /// Deletes it; one already gone counts as deleted.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        _ = try await AWSError.nilIfNotFound {
            try await SecretsManager(client: context.client).cancelRotateSecret(id: spec.secret)
        }
    }
}
