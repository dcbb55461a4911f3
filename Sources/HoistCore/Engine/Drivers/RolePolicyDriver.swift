import HoistAWS

extension ResourceKind {
    /// A role's inline policy.
    public static let rolePolicy = ResourceKind("role_policy")
}

/// A role's inline policy, generated from what the function uses; owned through its role.
public struct RolePolicyDriver: ResourceDriver {
    /// The policy.
    public struct Spec: Codable, Sendable, Equatable {
        /// The policy's name.
        public var name: String
        /// The role it is attached to.
        public var role: String
        /// The document, canonical JSON.
        public var document: String
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// The role's name.
        case role
        /// The document.
        case document
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .rolePolicy }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let role = "\(scope.arnPrefix):iam::\(scope.account):role/\(scope.prefix)*"
        return [
            DeployerGrant(sid: "ReadRoles", reads: ["iam:GetRolePolicy", "iam:ListRolePolicies"], resources: [role]),
            // Only on a role of the project that carries its boundary: what the policy grants stays inside it.
            DeployerGrant(
                sid: "ProjectRolePoliciesWithinBoundary", writes: ["iam:DeleteRolePolicy", "iam:PutRolePolicy"],
                resources: [role],
                conditions: [
                    "ArnEquals": ["iam:PermissionsBoundary": [scope.boundaryArn]],
                    "StringEquals": ["aws:ResourceTag/\(Ownership.projectTag)": [scope.project]],
                ]),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [ResourceAddress(.role, spec.role)] }
    /// The resource it is owned through.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.role, spec.role) }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.role: .string(spec.role), .document: .string(spec.document)]
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard
            let document = try await AWSError.nilIfNotFound({
                try await IAM(client: context.client).getRolePolicy(roleName: spec.role, policyName: spec.name)
            })
        else { return nil }
        return Observation(
            attributes: [.role: .string(spec.role), .document: .string(PolicyDocument.canonical(document))], tags: nil)
    }

    /// PutRolePolicy replaces the whole document: a create and an update are the same call.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        try await IAM(client: context.client).putRolePolicy(
            roleName: spec.role, policyName: spec.name, document: spec.document)
        return ResourceIdentity()
    }

    /// Changes what differs, in place.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        try await create(spec, context)
    }

    /// Deletes it; one already gone counts as deleted.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        _ = try await AWSError.nilIfNotFound {
            try await IAM(client: context.client).deleteRolePolicy(roleName: spec.role, policyName: spec.name)
        }
    }
}
