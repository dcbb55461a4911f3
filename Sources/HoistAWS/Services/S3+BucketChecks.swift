import Foundation

/// The calls that check an existing artifact bucket before hoist trusts it, and its lifecycle rule.
extension S3 {
    /// The ID of the lifecycle rule hoist puts on its artifact bucket.
    public static let abortIncompleteUploadsRuleID = "hoist-abort-incomplete-multipart-uploads"

    /// GetBucketEncryption: the default encryption's first rule; nil when the bucket has none.
    public func getBucketEncryption(_ bucket: String) async throws -> S3BucketEncryption? {
        guard
            let body = try await subresource(
                "GetBucketEncryption", bucket: bucket, "encryption",
                absentCode: "ServerSideEncryptionConfigurationNotFoundError")
        else { return nil }
        guard let rule = body.child("Rule"), let byDefault = rule.child("ApplyServerSideEncryptionByDefault"),
            let algorithm = byDefault.child("SSEAlgorithm")?.text
        else { return nil }
        return S3BucketEncryption(
            algorithm: algorithm, kmsKeyId: byDefault.child("KMSMasterKeyID")?.text,
            bucketKeyEnabled: rule.child("BucketKeyEnabled")?.text == "true")
    }

    /// GetPublicAccessBlock: the four settings; nil when the bucket has no public access block.
    public func getPublicAccessBlock(_ bucket: String) async throws -> S3PublicAccessBlock? {
        guard
            let body = try await subresource(
                "GetPublicAccessBlock", bucket: bucket, "publicAccessBlock",
                absentCode: "NoSuchPublicAccessBlockConfiguration")
        else { return nil }
        func flag(_ name: String) -> Bool { body.child(name)?.text == "true" }
        return S3PublicAccessBlock(
            blockPublicAcls: flag("BlockPublicAcls"), ignorePublicAcls: flag("IgnorePublicAcls"),
            blockPublicPolicy: flag("BlockPublicPolicy"), restrictPublicBuckets: flag("RestrictPublicBuckets"))
    }

    /// GetBucketOwnershipControls: `BucketOwnerEnforced`, `BucketOwnerPreferred` or `ObjectWriter`; nil when
    /// the bucket has no ownership controls.
    public func getBucketOwnershipControls(_ bucket: String) async throws -> String? {
        try await subresource(
            "GetBucketOwnershipControls", bucket: bucket, "ownershipControls",
            absentCode: "OwnershipControlsNotFoundError")?.descendant("ObjectOwnership")?.text
    }

    /// PutBucketLifecycleConfiguration with one rule over the whole bucket: incomplete multipart uploads are
    /// aborted (their parts deleted) `days` after they start. It replaces the bucket's lifecycle rules, which is
    /// right for hoist's own artifact bucket.
    public func putBucketLifecycleConfiguration(_ bucket: String, abortIncompleteMultipartUploadAfterDays days: Int)
        async throws
    {
        let xml =
            "<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
            + "<ID>\(Self.abortIncompleteUploadsRuleID)</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
            + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>\(days)</DaysAfterInitiation>"
            + "</AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>"
        _ = try await client.send(
            xmlPut("PutBucketLifecycleConfiguration", bucket: bucket, subresource: "lifecycle", xml: xml))
    }

    /// GetBucketLifecycleConfiguration: the days after which an enabled rule aborts incomplete uploads, the
    /// smallest if several do; nil when no rule does (or there is no lifecycle configuration).
    public func abortIncompleteMultipartUploadDays(_ bucket: String) async throws -> Int? {
        guard
            let body = try await subresource(
                "GetBucketLifecycleConfiguration", bucket: bucket, "lifecycle",
                absentCode: "NoSuchLifecycleConfiguration")
        else { return nil }
        return body.children("Rule").filter { $0.child("Status")?.text == "Enabled" }
            .compactMap {
                $0.child("AbortIncompleteMultipartUpload")?.child("DaysAfterInitiation").flatMap { Int($0.text) }
            }
            .min()
    }

    /// GET `?subresource` of a bucket: the answer's root; nil when S3 says it is not configured (`absentCode`).
    func subresource(_ operation: String, bucket: String, _ name: String, absentCode: String) async throws
        -> AWSXMLNode?
    {
        do {
            let response = try await client.send(request(operation, method: "GET", bucket: bucket, query: [(name, "")]))
            return try AWSXMLNode.parse(response.body)
        } catch let error as AWSError where error.code == absentCode {
            return nil
        }
    }
}
