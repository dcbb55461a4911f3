import HoistAWS

extension ResourceKind {
    /// The artifact bucket's rule that aborts incomplete multipart uploads.
    public static let bucketLifecycle = ResourceKind("bucket_lifecycle")
}

/// The artifact bucket's lifecycle rule: multipart uploads left incomplete (an upload interrupted before
/// CompleteMultipartUpload) are aborted after a day, so their parts are not billed forever. The smallest complete
/// driver: its specs come from the inputs alone (``desired(_:)``), so the kind is this file and one registry line.
public struct ArtifactBucketLifecycleDriver: ResourceDriver {
    /// The rule.
    public struct Spec: Codable, Sendable, Equatable {
        /// The bucket.
        public var bucket: String
        /// Days after which an incomplete upload is aborted.
        public var abortIncompleteUploadsAfterDays: Int
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// Days after which an incomplete multipart upload is aborted.
        case abortIncompleteUploadsAfterDays = "abort_incomplete_uploads_after_days"
    }

    /// Shared beyond the stage: a stage's destroy leaves it.
    public var isShared: Bool { true }

    /// The kind this driver handles.
    public var kind: ResourceKind { .bucketLifecycle }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "ArtifactBucket", reads: ["s3:GetLifecycleConfiguration"],
                writes: ["s3:PutLifecycleConfiguration"],
                resources: ["\(scope.arnPrefix):s3:::\(scope.bucket)"],
                conditions: ["StringEquals": ["s3:ResourceAccount": [scope.account]]])
        ]
    }

    /// One rule whenever an artifact goes through the bucket.
    public func desired(_ inputs: DeploymentInputs) -> [Spec] {
        let artifacts = [inputs.code] + (inputs.layer.map { [$0] } ?? [])
        guard artifacts.contains(where: \.viaS3) else { return [] }
        return [
            Spec(
                bucket: inputs.artifactBucket,
                abortIncompleteUploadsAfterDays: 1)
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.bucket }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [ResourceAddress(.artifactBucket, spec.bucket)] }
    /// The resource it is owned through.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.artifactBucket, spec.bucket) }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.abortIncompleteUploadsAfterDays: .int(spec.abortIncompleteUploadsAfterDays)]
    }

    /// Reads the live rule; nil when the bucket has none that aborts incomplete uploads.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard
            let days = try await AWSError.nilIfNotFound({
                try await S3(client: context.client, expectedBucketOwner: context.account)
                    .abortIncompleteMultipartUploadDays(spec.bucket)
            }) ?? nil
        else { return nil }
        return Observation(attributes: [.abortIncompleteUploadsAfterDays: .int(days)], tags: nil)
    }

    /// Puts the rule; it replaces the bucket's lifecycle configuration, which is hoist's own.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        try await S3(client: context.client, expectedBucketOwner: context.account).putBucketLifecycleConfiguration(
            spec.bucket, abortIncompleteMultipartUploadAfterDays: spec.abortIncompleteUploadsAfterDays)
        return ResourceIdentity()
    }

    /// Puts the rule again with the new days.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        try await create(spec, context)
    }

    /// Never: the bucket is the account's, shared by its projects, and keeps its rule.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {}
}
