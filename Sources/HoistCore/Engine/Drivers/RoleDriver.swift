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
        /// The project's permissions boundary (``PermissionsBoundaryDriver``), by name.
        public var permissionsBoundary: String
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// The trust policy.
        case trustPolicy = "trust_policy"
        /// The tags.
        case tags
        /// The boundary's ARN.
        case permissionsBoundary = "permissions_boundary"
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .role }

    /// What the deploying identity needs for this kind. Roles are created only with the project's boundary and
    /// its tags, and changed only when tagged for the project: `role/<project>-*` alone also names the roles of a
    /// project whose name starts with this one's (`movies` and `movies-api`).
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let role = "\(scope.arnPrefix):iam::\(scope.account):role/\(scope.prefix)*"
        let ours = ["aws:ResourceTag/\(Ownership.projectTag)": [scope.project]]
        return [
            DeployerGrant(sid: "ReadRoles", reads: ["iam:GetRole", "iam:ListRolePolicies"], resources: [role]),
            DeployerGrant(
                sid: "CreateRolesWithinBoundary", writes: ["iam:CreateRole"], resources: [role],
                conditions: [
                    "ArnEquals": ["iam:PermissionsBoundary": [scope.boundaryArn]],
                    "StringEquals": ["aws:RequestTag/\(Ownership.projectTag)": [scope.project]],
                ]),
            DeployerGrant(
                sid: "ChangeProjectRoles",
                writes: ["iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy"],
                resources: [role], conditions: ["StringEquals": ours]),
            DeployerGrant(
                sid: "ProjectRolesWithinBoundary", writes: ["iam:PutRolePermissionsBoundary"], resources: [role],
                conditions: ["StringEquals": ours, "ArnEquals": ["iam:PermissionsBoundary": [scope.boundaryArn]]]),
            DeployerGrant(
                sid: "KeepBoundary", writes: ["iam:DeleteRolePermissionsBoundary"], resources: [role], deny: true),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] {
        [ResourceAddress(.permissionsBoundary, spec.permissionsBoundary)]
    }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [
            .trustPolicy: .string(spec.trustPolicy), .tags: .stringMap(spec.tags),
            .permissionsBoundary: .string(
                scope.arn("iam", "policy/\(spec.permissionsBoundary)", regional: false).description),
        ]
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
                .tags: .stringMap(role.tags), .permissionsBoundary: .string(role.permissionsBoundaryArn ?? "none"),
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
                    name: spec.name, assumeRolePolicyDocument: spec.trustPolicy, tags: spec.tags,
                    permissionsBoundary: context.arn("iam", "policy/\(spec.permissionsBoundary)", regional: false)
                        .description)
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
        // Tags first: the deployer policy lets hoist change only roles tagged for the project.
        if changed.contains(.tags) {
            let stale = observed.staleTagKeys(spec.tags)
            if !stale.isEmpty { try await iam.untagRole(name: spec.name, keys: stale) }
            try await iam.tagRole(name: spec.name, tags: spec.tags)
        }
        if changed.contains(.permissionsBoundary) {
            try await iam.putRolePermissionsBoundary(
                roleName: spec.name,
                policyArn: context.arn("iam", "policy/\(spec.permissionsBoundary)", regional: false).description)
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
