import HoistAWS

extension ResourceKind {
    /// The S3 bucket for artifacts over the direct-upload limit, shared by the account's projects in a region.
    public static let artifactBucket = ResourceKind("artifact_bucket")
}

/// The artifact bucket `hoist-<account>-<region>`: encrypted, public access blocked. Shared by every project of
/// the account, so it carries no stage's tags and is never deleted by a stage's destroy.
public struct ArtifactBucketDriver: ResourceDriver {
    /// The bucket.
    public struct Spec: Codable, Sendable, Equatable {
        /// Its name.
        public var bucket: String
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// Default encryption.
        case encryption
        /// Whether public access is blocked.
        case publicAccessBlocked = "public_access_blocked"
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .artifactBucket }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "ArtifactBucket", reads: ["s3:ListBucket"],
                writes: ["s3:CreateBucket", "s3:PutBucketPublicAccessBlock", "s3:PutEncryptionConfiguration"],
                resources: ["\(scope.arnPrefix):s3:::hoist-\(scope.account)-\(scope.region)"])
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.bucket }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [] }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.encryption: .string("AES256"), .publicAccessBlocked: .bool(true)]
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard try await S3(client: context.client).headBucket(spec.bucket) else { return nil }
        // Encryption and the public-access block are set when hoist creates the bucket. Shared: no stage owns it.
        return Observation(attributes: render(spec, context.scope), tags: nil)
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let s3 = S3(client: context.client)
        try await s3.createBucket(spec.bucket)
        try await s3.putBucketEncryption(spec.bucket)
        try await s3.putPublicAccessBlock(spec.bucket)
        return ResourceIdentity()
    }

    /// Changes what differs, in place.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let s3 = S3(client: context.client)
        try await s3.putBucketEncryption(spec.bucket)
        try await s3.putPublicAccessBlock(spec.bucket)
        return observed.identity
    }

    /// Never: other projects' artifacts live there too.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {}
}
