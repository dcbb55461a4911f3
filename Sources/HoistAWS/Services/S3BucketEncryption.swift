/// A bucket's default encryption, as GetBucketEncryption reports its first rule.
public struct S3BucketEncryption: Sendable, Equatable {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    public var algorithm: String
    /// The KMS key for `aws:kms`, if one is named.
    public var kmsKeyId: String?
    /// Whether S3 Bucket Keys are on.
    public var bucketKeyEnabled: Bool

    /// Creates a description.
    public init(algorithm: String, kmsKeyId: String? = nil, bucketKeyEnabled: Bool = false) {
        self.algorithm = algorithm
        self.kmsKeyId = kmsKeyId
        self.bucketKeyEnabled = bucketKeyEnabled
    }
}
