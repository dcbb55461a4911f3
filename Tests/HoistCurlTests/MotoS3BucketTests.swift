import Foundation
import HoistAWS
import HoistCurl
import HoistTestSupport
import Testing

/// The S3 calls that guard the artifact bucket, and multipart checksums, against moto (auth enforced).
@Suite(
    "S3 bucket checks and multipart checksums against moto", .enabled(if: MotoTestBed.shouldRun, MotoTestBed.skipNote))
struct MotoS3BucketTests {
    static let account = "123456789012"

    @Test("every bucket and object call carries x-amz-expected-bucket-owner (CreateBucket has no such member)")
    func expectedOwnerOnEveryCall() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let s3 = S3(client: bed.client(transport: recorder), expectedBucketOwner: Self.account)
        let bucket = MotoTestBed.unique("hoist-owner")
        try await s3.createBucket(bucket)
        #expect(try await s3.headBucket(bucket))
        try await s3.putBucketEncryption(bucket)
        try await s3.putPublicAccessBlock(bucket)
        let bytes = Array("owned".utf8)
        _ = try await s3.putObject(bucket: bucket, key: "k.zip", body: .bytes(bytes), sha256: SHA256Digest.of(bytes))
        #expect(try await s3.headObject(bucket: bucket, key: "k.zip") != nil)
        try await s3.deleteObject(bucket: bucket, key: "k.zip")
        let exchanges = recorder.exchanges
        #expect(exchanges.count == 7)
        #expect(exchanges.allSatisfy { (200..<300).contains($0.status) }, "\(exchanges.map(\.status))")
        for (index, exchange) in exchanges.enumerated() {
            let owner = exchange.request.headers.first { $0.name == "x-amz-expected-bucket-owner" }?.value
            #expect(owner == (index == 0 ? nil : Self.account), "\(exchange.request.method) \(exchange.request.url)")
        }
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("GetBucketEncryption, GetPublicAccessBlock, GetBucketOwnershipControls: absent, then as set")
    func bucketReads() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let s3 = S3(client: bed.client(transport: recorder), expectedBucketOwner: Self.account)
        let bucket = MotoTestBed.unique("hoist-reads")
        try await s3.createBucket(bucket)
        #expect(try await s3.getPublicAccessBlock(bucket) == nil)
        try await s3.putBucketEncryption(bucket)
        try await s3.putPublicAccessBlock(bucket)
        #expect(try await s3.getBucketEncryption(bucket) == S3BucketEncryption(algorithm: "AES256"))
        #expect(try await s3.getPublicAccessBlock(bucket)?.blocksAll == true)
        let ownership = try await s3.getBucketOwnershipControls(bucket)
        #expect(ownership == nil || ownership == "BucketOwnerEnforced", "\(ownership ?? "nil")")
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("PutBucketLifecycleConfiguration: incomplete multipart uploads aborted after 1 day, read back")
    func lifecycle() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let s3 = S3(client: bed.client(transport: recorder), expectedBucketOwner: Self.account)
        let bucket = MotoTestBed.unique("hoist-lifecycle")
        try await s3.createBucket(bucket)
        #expect(try await s3.abortIncompleteMultipartUploadDays(bucket) == nil)
        try await s3.putBucketLifecycleConfiguration(bucket, abortIncompleteMultipartUploadAfterDays: 1)
        #expect(try await s3.abortIncompleteMultipartUploadDays(bucket) == 1)
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("multipart with SHA256 declared and part checksums in Complete: S3 keeps a checksum of the object")
    func multipartChecksums() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let s3 = S3(client: bed.client(transport: recorder), expectedBucketOwner: Self.account)
        let bucket = MotoTestBed.unique("hoist-mpu")
        try await s3.createBucket(bucket)
        let part = 5 << 20
        var content = [UInt8](repeating: 0, count: 2 * part + 777)
        for index in content.indices { content[index] = UInt8(truncatingIfNeeded: index &* 13 &+ index >> 10) }
        let key = "movies-api/checksummed.zip"
        let uploadId = try await s3.createMultipartUpload(bucket: bucket, key: key)
        var parts: [S3CompletedPart] = []
        for (index, offset) in stride(from: 0, to: content.count, by: part).enumerated() {
            let slice = Array(content[offset..<min(offset + part, content.count)])
            parts.append(
                try await s3.uploadPart(
                    bucket: bucket, key: key, uploadId: uploadId, partNumber: index + 1, body: .bytes(slice),
                    sha256: SHA256Digest.of(slice)))
        }
        #expect(parts.allSatisfy { $0.checksumSHA256 != nil })
        try await s3.completeMultipartUpload(bucket: bucket, key: key, uploadId: uploadId, parts: parts)
        let head = try #require(try await s3.headObject(bucket: bucket, key: key))
        #expect(head.contentLength == content.count)
        // A composite checksum: the SHA-256 of the parts' SHA-256s, with the part count.
        let composite = Data(SHA256Digest.of(parts.flatMap { Array(Data(base64Encoded: $0.checksumSHA256!)!) }))
            .base64EncodedString()
        #expect(head.checksumSHA256 == composite + "-3" || head.checksumSHA256 == composite, "\(head)")
        let create = try #require(recorder.exchanges.first { $0.request.url.hasSuffix("?uploads=") })
        #expect(create.request.headers.contains { $0.name == "x-amz-checksum-algorithm" && $0.value == "SHA256" })
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }
}
