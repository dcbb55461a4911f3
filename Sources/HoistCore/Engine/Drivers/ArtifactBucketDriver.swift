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

    /// Shared beyond the stage: a stage's destroy leaves it.
    public var isShared: Bool { true }

    /// The kind this driver handles.
    /// The kind this driver handles.
    public var kind: ResourceKind { .artifactBucket }

    /// What the deploying identity needs for this kind: on a bucket of this account only.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "ArtifactBucket",
                reads: ["s3:GetBucketPublicAccessBlock", "s3:GetEncryptionConfiguration", "s3:ListBucket"],
                writes: ["s3:CreateBucket", "s3:PutBucketPublicAccessBlock", "s3:PutEncryptionConfiguration"],
                resources: ["\(scope.arnPrefix):s3:::\(scope.bucket)"],
                conditions: ["StringEquals": ["s3:ResourceAccount": [scope.account]]])
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

    /// Reads the bucket as this account's: every call names the account as the expected owner, so a bucket of
    /// this name that another account holds answers 403 and is a conflict, never a place to upload code to. Its
    /// encryption and public access block are read back, not assumed.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        let s3 = S3(client: context.client, expectedBucketOwner: context.account)
        do {
            guard try await s3.headBucket(spec.bucket) else { return nil }
        } catch let error as AWSError where error.status == 403 {
            return Observation(attributes: [:], tags: nil, ownership: .otherAccount)
        }
        let encryption = try await s3.getBucketEncryption(spec.bucket)
        let block = try await s3.getPublicAccessBlock(spec.bucket)
        let blocked =
            block.map { $0.blockPublicAcls && $0.ignorePublicAcls && $0.blockPublicPolicy && $0.restrictPublicBuckets }
            ?? false
        return Observation(
            attributes: [.encryption: .string(encryption?.algorithm ?? "none"), .publicAccessBlocked: .bool(blocked)],
            tags: nil)
    }

    /// Creates the bucket, encrypted, public access blocked.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let s3 = S3(client: context.client, expectedBucketOwner: context.account)
        try await s3.createBucket(spec.bucket)
        try await s3.putBucketEncryption(spec.bucket)
        try await s3.putPublicAccessBlock(spec.bucket)
        return ResourceIdentity()
    }

    /// Puts encryption and the public access block back.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let s3 = S3(client: context.client, expectedBucketOwner: context.account)
        if changed.contains(.encryption) { try await s3.putBucketEncryption(spec.bucket) }
        if changed.contains(.publicAccessBlocked) { try await s3.putPublicAccessBlock(spec.bucket) }
        return observed.identity
    }

    /// Never: other projects' artifacts live there too.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {}
}
