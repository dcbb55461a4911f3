import HoistAWS

extension ResourceKind {
    /// The managed policy that bounds every role hoist creates for a project.
    public static let permissionsBoundary = ResourceKind("permissions_boundary")
}

/// The project's permissions boundary `hoist-<project>-boundary`: a managed policy of what any of its function
/// roles may ever do. Every role hoist creates carries it, and the deployer policy allows creating roles and
/// writing their policies only with it attached, so holding the deployer policy never yields more than the
/// boundary. The deployer policy may read it but neither create, change nor delete it: its first creation and
/// every change are an administrator's deploy (or `--print-boundary-policy`). Shared by the project's stages,
/// never deleted by a stage's destroy.
public struct PermissionsBoundaryDriver: ResourceDriver {
    /// The boundary.
    public struct Spec: Codable, Sendable, Equatable {
        /// The policy's name.
        public var name: String
        /// The document, canonical JSON.
        public var document: String
        /// Its tags (`hoist:project`).
        public var tags: [String: String]
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// The document.
        case document
    }

    /// `hoist-<project>-boundary`.
    public static func name(project: String) -> String { "hoist-\(project)-boundary" }

    /// Shared beyond the stage: a stage's destroy leaves it.
    public var isShared: Bool { true }

    /// The kind this driver handles.
    public var kind: ResourceKind { .permissionsBoundary }

    /// What the deploying identity needs: to read the boundary, and to be refused changing or removing it.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "ReadBoundary", reads: ["iam:GetPolicy", "iam:GetPolicyVersion"], resources: [scope.boundaryArn]),
            DeployerGrant(
                sid: "ProtectBoundary",
                writes: [
                    "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion",
                    "iam:SetDefaultPolicyVersion",
                ], resources: [scope.boundaryArn], deny: true),
        ]
    }

    /// One boundary per project, from the inputs alone: the configured extras are in it.
    public func desired(_ inputs: DeploymentInputs) -> [Spec] {
        let document = PolicyGenerator.boundaryPolicy(
            partition: inputs.partition, account: inputs.account, project: inputs.project,
            extra: inputs.extraPermissions, schedules: inputs.deployedFunctions.contains { $0.schedule != nil },
            queues: inputs.deployedFunctions.contains { $0.queue != nil || !$0.sendsTo.isEmpty })
        return [
            Spec(
                name: Self.name(project: inputs.project), document: document.json,
                tags: [Ownership.projectTag: inputs.project])
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [] }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.document: .string(spec.document)]
    }

    func arn(_ spec: Spec, _ context: EngineContext) -> String {
        context.arn("iam", "policy/\(spec.name)", regional: false).description
    }

    /// Reads the policy's default version; nil when there is no such policy.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        let iam = IAM(client: context.client)
        guard let policy = try await AWSError.nilIfNotFound({ try await iam.getPolicy(arn: arn(spec, context)) })
        else { return nil }
        let document = try await iam.getPolicyVersion(arn: policy.arn, versionId: policy.defaultVersionId)
        return Observation(
            attributes: [.document: .string(PolicyDocument.canonical(document))],
            identity: ResourceIdentity(arn: ARN(policy.arn)), tags: nil)
    }

    /// CreatePolicy (an administrator's call: the deployer policy does not allow it).
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let iam = IAM(client: context.client)
        let policy = try await context.createOnce(
            address(of: spec), alreadyExists: ["EntityAlreadyExists"],
            find: { try await AWSError.nilIfNotFound { try await iam.getPolicy(arn: arn(spec, context)) } },
            create: { client in
                try await IAM(client: client).createPolicy(
                    name: spec.name, document: spec.document,
                    description: "hoist: what any function role of this project may do", tags: spec.tags)
            })
        return ResourceIdentity(arn: ARN(policy.arn))
    }

    /// A new default version (an administrator's call, like the creation).
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        try await IAM(client: context.client).createPolicyVersion(arn: arn(spec, context), document: spec.document)
        return observed.identity
    }

    /// Never: the project's other stages' roles carry it.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {}
}
