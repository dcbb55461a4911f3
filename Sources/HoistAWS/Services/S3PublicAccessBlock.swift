/// A bucket's public access block, as GetPublicAccessBlock reports it.
public struct S3PublicAccessBlock: Sendable, Equatable {
    /// Refuse public ACLs on PUT.
    public var blockPublicAcls: Bool
    /// Ignore public ACLs already there.
    public var ignorePublicAcls: Bool
    /// Refuse public bucket policies.
    public var blockPublicPolicy: Bool
    /// Restrict access under a public policy to the account and AWS services.
    public var restrictPublicBuckets: Bool

    /// Creates a description.
    public init(blockPublicAcls: Bool, ignorePublicAcls: Bool, blockPublicPolicy: Bool, restrictPublicBuckets: Bool) {
        self.blockPublicAcls = blockPublicAcls
        self.ignorePublicAcls = ignorePublicAcls
        self.blockPublicPolicy = blockPublicPolicy
        self.restrictPublicBuckets = restrictPublicBuckets
    }

    /// Whether all four are on (what hoist's PutPublicAccessBlock sets).
    public var blocksAll: Bool { blockPublicAcls && ignorePublicAcls && blockPublicPolicy && restrictPublicBuckets }
}
