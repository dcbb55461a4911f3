import HoistAWS

extension ResourceKind {
    /// An IAM role a function runs as.
    public static let role = ResourceKind("role")
}

/// An execution role Lambda assumes, tagged with the stage.
public struct RoleDriver: ResourceDriver {
    /// The role.
    public struct Spec: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// The trust policy, canonical JSON.
        public var trustPolicy: String
        /// The tags, ownership tags included.
        public var tags: [String: String]
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// The trust policy.
        case trustPolicy = "trust_policy"
        /// The tags.
        case tags
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .role }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "Roles", reads: ["iam:GetRole", "iam:ListRolePolicies"],
                writes: [
                    "iam:CreateRole", "iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy",
                ],
                resources: ["\(scope.arnPrefix):iam::\(scope.account):role/\(scope.prefix)*"])
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [] }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.trustPolicy: .string(spec.trustPolicy), .tags: .stringMap(spec.tags)]
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard
            let role = try await AWSError.nilIfNotFound({
                try await IAM(client: context.client).getRole(name: spec.name)
            })
        else { return nil }
        return Observation(
            attributes: [
                .trustPolicy: .string(PolicyDocument.canonical(role.assumeRolePolicyDocument)),
                .tags: .stringMap(role.tags),
            ], identity: ResourceIdentity(arn: ARN(role.arn)), tags: role.tags)
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let iam = IAM(client: context.client)
        let address = self.address(of: spec)
        let role = try await context.createOnce(
            address, alreadyExists: ["EntityAlreadyExists"],
            find: {
                guard let role = try await AWSError.nilIfNotFound({ try await iam.getRole(name: spec.name) }),
                    context.owns(role.tags)
                else { return nil }
                return role
            },
            create: { client in
                try await IAM(client: client).createRole(
                    name: spec.name, assumeRolePolicyDocument: spec.trustPolicy, tags: spec.tags)
            })
        return ResourceIdentity(arn: ARN(role.arn))
    }

    /// Changes what differs, in place.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let iam = IAM(client: context.client)
        if changed.contains(.trustPolicy) {
            try await iam.updateAssumeRolePolicy(roleName: spec.name, document: spec.trustPolicy)
        }
        if changed.contains(.tags) {
            let stale = observed.staleTagKeys(spec.tags)
            if !stale.isEmpty { try await iam.untagRole(name: spec.name, keys: stale) }
            try await iam.tagRole(name: spec.name, tags: spec.tags)
        }
        return observed.identity
    }

    /// Deletes the role after its inline policies (IAM refuses a role that still has some).
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        let iam = IAM(client: context.client)
        let policies = try await AWSError.nilIfNotFound({ try await iam.listRolePolicies(roleName: spec.name) }) ?? []
        for policy in policies {
            _ = try await AWSError.nilIfNotFound {
                try await iam.deleteRolePolicy(roleName: spec.name, policyName: policy)
            }
        }
        _ = try await AWSError.nilIfNotFound { try await iam.deleteRole(name: spec.name) }
    }
}
