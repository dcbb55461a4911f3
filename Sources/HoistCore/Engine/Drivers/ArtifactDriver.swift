import HoistAWS

extension ResourceKind {
    /// An artifact zip in the artifact bucket.
    public static let artifact = ResourceKind("artifact")
}

/// A zip over the direct-upload limit, uploaded once to `hoist-<account>-<region>/<project>/<sha256>.zip`.
public struct ArtifactDriver: ResourceDriver {
    /// The object.
    public struct Spec: Codable, Sendable, Equatable {
        /// The bucket.
        public var bucket: String
        /// The key (`<project>/<sha256 hex>.zip`).
        public var key: String
        /// The zip on disk.
        public var path: String
        /// SHA-256, hex.
        public var sha256Hex: String
        /// SHA-256, base64 (Lambda's CodeSha256).
        public var sha256Base64: String
        /// Size in bytes.
        public var bytes: Int
        /// Multipart part size.
        public var partSize: Int
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// The SHA-256, base64.
        case sha256
        /// The size.
        case bytes
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .artifact }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "Artifacts", reads: ["s3:GetObject"],
                writes: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"],
                resources: ["\(scope.arnPrefix):s3:::\(scope.bucket)/\(scope.project)/*"],
                conditions: ["StringEquals": ["s3:ResourceAccount": [scope.account]]])
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.key }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [ResourceAddress(.artifactBucket, spec.bucket)] }
    /// The resource it is owned through.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.artifactBucket, spec.bucket) }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.sha256: .string(spec.sha256Base64), .bytes: .int(spec.bytes)]
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        let s3 = S3(client: context.client, expectedBucketOwner: context.account)
        guard let head = try await s3.headObject(bucket: spec.bucket, key: spec.key) else {
            return nil
        }
        let digest = head.metadata[ArtifactUploader.sha256MetadataKey] ?? head.checksumSHA256 ?? "?"
        return Observation(attributes: [.sha256: .string(digest), .bytes: .int(head.contentLength)], tags: nil)
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        var uploader = ArtifactUploader(
            client: context.client, partSize: spec.partSize, expectedBucketOwner: context.account,
            report: context.report)
        uploader.progress = context.progress
        try await uploader.upload(path: spec.path, bucket: spec.bucket, key: spec.key, sha256Hex: spec.sha256Hex)
        return ResourceIdentity()
    }

    /// Keys are content digests: an object with other bytes under the same key is replaced by a fresh upload.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        try await S3(client: context.client, expectedBucketOwner: context.account).deleteObject(
            bucket: spec.bucket, key: spec.key)
        return try await create(spec, context)
    }

    /// Artifacts stay: content-addressed, other stages of the project may point at them.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {}
}
