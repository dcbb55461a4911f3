import Crypto
import Foundation

/// What HeadObject says of an object.
public struct S3ObjectHead: Sendable, Equatable {
    /// The size in bytes.
    public var contentLength: Int
    /// The entity tag, quotes included.
    public var eTag: String?
    /// The stored SHA-256 checksum (base64), when the object was uploaded with one.
    public var checksumSHA256: String?
    /// User metadata (`x-amz-meta-*`), names without the prefix.
    public var metadata: [String: String]
}

/// One uploaded part of a multipart upload.
public struct S3CompletedPart: Sendable, Equatable {
    /// The part number, from 1.
    public var partNumber: Int
    /// The ETag S3 returned for it.
    public var eTag: String
    /// The part's SHA-256 (base64), listed in CompleteMultipartUpload when the upload declared SHA256.
    public var checksumSHA256: String?

    /// Creates a part record.
    public init(partNumber: Int, eTag: String, checksumSHA256: String? = nil) {
        self.partNumber = partNumber
        self.eTag = eTag
        self.checksumSHA256 = checksumSHA256
    }
}

/// Amazon S3: the artifact bucket and its objects. Path-style addressing on custom endpoints,
/// virtual-hosted on AWS.
public struct S3: Sendable {
    /// The client calls go through.
    public let client: AWSClient
    /// The account that must own the bucket, sent as `x-amz-expected-bucket-owner` on every bucket and object
    /// call (all but CreateBucket, which has no such member): S3 answers 403 when another account owns it, so
    /// a bucket of the predictable name created first by someone else is never written to or trusted.
    public let expectedBucketOwner: String?

    /// Creates the service on a client; `expectedBucketOwner` (an account id) guards every call when set.
    public init(client: AWSClient, expectedBucketOwner: String? = nil) {
        self.client = client
        self.expectedBucketOwner = expectedBucketOwner
    }

    func request(
        _ operation: String, method: String, bucket: String, key: String? = nil,
        query: [(name: String, value: String)] = [], headers: [HTTPHeader] = [], body: HTTPRequestBody = .none,
        payload: SigV4Payload? = nil, options: HTTPRequestOptions? = nil
    ) -> AWSRequest {
        let pathStyle = client.endpoint(for: .s3).isCustom || bucket.contains(".")
        let keyPath = key.map { "/" + AWSPath.key($0) } ?? ""
        var headers = headers
        if let expectedBucketOwner, operation != "CreateBucket" {
            headers.append(HTTPHeader("x-amz-expected-bucket-owner", expectedBucketOwner))
        }
        return AWSRequest(
            service: .s3, operation: operation, method: method,
            path: pathStyle ? "/\(AWSPath.segment(bucket))\(keyPath)" : (keyPath.isEmpty ? "/" : keyPath),
            query: query, headers: headers, body: body, payload: payload, hostPrefix: pathStyle ? nil : bucket,
            options: options)
    }

    /// HeadBucket: whether the bucket exists and is ours (false on 404).
    public func headBucket(_ bucket: String) async throws -> Bool {
        try await AWSError.nilIfNotFound {
            try await client.send(request("HeadBucket", method: "HEAD", bucket: bucket))
        } != nil
    }

    /// CreateBucket, with a LocationConstraint outside us-east-1.
    public func createBucket(_ bucket: String) async throws {
        var body: [UInt8] = []
        if client.region != "us-east-1" {
            body = Array(
                ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(client.region)</LocationConstraint></CreateBucketConfiguration>").utf8)
        }
        _ = try await client.send(
            request("CreateBucket", method: "PUT", bucket: bucket, body: body.isEmpty ? .none : .bytes(body)))
    }

    /// PutBucketEncryption: default encryption with S3-managed keys (or KMS when a key is given).
    public func putBucketEncryption(_ bucket: String, kmsKeyId: String? = nil) async throws {
        let rule =
            kmsKeyId.map {
                "<SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>\(Self.escape($0))</KMSMasterKeyID>"
            } ?? "<SSEAlgorithm>AES256</SSEAlgorithm>"
        let xml =
            "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
            + "<ApplyServerSideEncryptionByDefault>\(rule)</ApplyServerSideEncryptionByDefault></Rule>"
            + "</ServerSideEncryptionConfiguration>"
        _ = try await client.send(xmlPut("PutBucketEncryption", bucket: bucket, subresource: "encryption", xml: xml))
    }

    /// PutPublicAccessBlock: all four public-access blocks on.
    public func putPublicAccessBlock(_ bucket: String) async throws {
        let xml =
            "<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
            + "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>"
            + "</PublicAccessBlockConfiguration>"
        _ = try await client.send(
            xmlPut("PutPublicAccessBlock", bucket: bucket, subresource: "publicAccessBlock", xml: xml))
    }

    func xmlPut(_ operation: String, bucket: String, subresource: String, xml: String) -> AWSRequest {
        let bytes = Array(xml.utf8)
        let md5 = Data(Insecure.MD5.hash(data: bytes)).base64EncodedString()
        return request(
            operation, method: "PUT", bucket: bucket, query: [(subresource, "")],
            headers: [HTTPHeader("Content-Type", "application/xml"), HTTPHeader("Content-MD5", md5)],
            body: .bytes(bytes))
    }

    /// PutObject with a SHA-256 the service verifies (`x-amz-checksum-sha256`); returns the ETag.
    public func putObject(
        bucket: String, key: String, body: HTTPRequestBody, sha256: [UInt8], contentType: String = "application/zip",
        metadata: [String: String] = [:], options: HTTPRequestOptions? = nil
    ) async throws -> String? {
        var headers = [
            HTTPHeader("Content-Type", contentType),
            HTTPHeader("x-amz-checksum-sha256", Data(sha256).base64EncodedString()),
            HTTPHeader("x-amz-sdk-checksum-algorithm", "SHA256"),
        ]
        headers += Self.metadataHeaders(metadata)
        let response = try await client.send(
            request(
                "PutObject", method: "PUT", bucket: bucket, key: key, headers: headers, body: body,
                payload: .sha256Hex(SigV4Signer.hex(sha256)), options: options))
        return response.header("ETag")
    }

    /// HeadObject: size, ETag, checksum and metadata; nil when there is no such object.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectHead? {
        guard
            let response = try await AWSError.nilIfNotFound({
                try await client.send(
                    request(
                        "HeadObject", method: "HEAD", bucket: bucket, key: key,
                        headers: [HTTPHeader("x-amz-checksum-mode", "ENABLED")]))
            })
        else { return nil }
        var metadata: [String: String] = [:]
        for header in response.headers where header.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(header.name.lowercased().dropFirst("x-amz-meta-".count))] = header.value
        }
        return S3ObjectHead(
            contentLength: Int(response.header("Content-Length") ?? "") ?? 0, eTag: response.header("ETag"),
            checksumSHA256: response.header("x-amz-checksum-sha256"), metadata: metadata)
    }

    /// DeleteObject.
    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await client.send(request("DeleteObject", method: "DELETE", bucket: bucket, key: key))
    }

    /// CreateMultipartUpload declaring SHA256 (`x-amz-checksum-algorithm`), so S3 verifies each part's checksum
    /// and keeps a checksum of the object; returns the upload id.
    public func createMultipartUpload(
        bucket: String, key: String, contentType: String = "application/zip", metadata: [String: String] = [:]
    ) async throws -> String {
        let response = try await client.send(
            request(
                "CreateMultipartUpload", method: "POST", bucket: bucket, key: key, query: [("uploads", "")],
                headers: [HTTPHeader("Content-Type", contentType), HTTPHeader("x-amz-checksum-algorithm", "SHA256")]
                    + Self.metadataHeaders(metadata)))
        guard let uploadId = try AWSXMLNode.parse(response.body).path("UploadId"), !uploadId.isEmpty else {
            throw AWSError(
                service: "s3", operation: "CreateMultipartUpload", status: response.status, code: "InvalidResponse",
                message: "no UploadId in the answer", requestId: response.header("x-amz-request-id"))
        }
        return uploadId
    }

    /// UploadPart: sends one part (a byte range of a file or bytes); returns its ETag.
    public func uploadPart(
        bucket: String, key: String, uploadId: String, partNumber: Int, body: HTTPRequestBody, sha256: [UInt8],
        options: HTTPRequestOptions? = nil
    ) async throws -> S3CompletedPart {
        let response = try await client.send(
            request(
                "UploadPart", method: "PUT", bucket: bucket, key: key,
                query: [("partNumber", String(partNumber)), ("uploadId", uploadId)],
                headers: [
                    HTTPHeader("x-amz-checksum-sha256", Data(sha256).base64EncodedString()),
                    HTTPHeader("x-amz-sdk-checksum-algorithm", "SHA256"),
                ], body: body, payload: .sha256Hex(SigV4Signer.hex(sha256)), options: options))
        guard let eTag = response.header("ETag") else {
            throw AWSError(
                service: "s3", operation: "UploadPart", status: response.status, code: "InvalidResponse",
                message: "no ETag for part \(partNumber)", requestId: response.header("x-amz-request-id"))
        }
        return S3CompletedPart(
            partNumber: partNumber, eTag: eTag,
            checksumSHA256: response.header("x-amz-checksum-sha256") ?? Data(sha256).base64EncodedString())
    }

    /// CompleteMultipartUpload, listing each part's ETag, its `ChecksumSHA256` when known, and its number (the
    /// model's member order).
    public func completeMultipartUpload(bucket: String, key: String, uploadId: String, parts: [S3CompletedPart])
        async throws
    {
        let xml =
            "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + parts.sorted { $0.partNumber < $1.partNumber }.map { part in
                "<Part><ETag>\(Self.escape(part.eTag))</ETag>"
                    + (part.checksumSHA256.map { "<ChecksumSHA256>\(Self.escape($0))</ChecksumSHA256>" } ?? "")
                    + "<PartNumber>\(part.partNumber)</PartNumber></Part>"
            }.joined() + "</CompleteMultipartUpload>"
        let response = try await client.send(
            request(
                "CompleteMultipartUpload", method: "POST", bucket: bucket, key: key, query: [("uploadId", uploadId)],
                headers: [HTTPHeader("Content-Type", "application/xml")], body: .bytes(Array(xml.utf8))))
        // S3 can answer 200 with an <Error> body when completion fails late.
        if let root = try? AWSXMLNode.parse(response.body), root.name == "Error" {
            var request = self.request("CompleteMultipartUpload", method: "POST", bucket: bucket, key: key)
            request.operation = "CompleteMultipartUpload"
            throw AWSErrorDecoder.decode(response, for: request)
        }
    }

    /// AbortMultipartUpload.
    public func abortMultipartUpload(bucket: String, key: String, uploadId: String) async throws {
        _ = try await client.send(
            request("AbortMultipartUpload", method: "DELETE", bucket: bucket, key: key, query: [("uploadId", uploadId)])
        )
    }

    /// User metadata as `x-amz-meta-*` headers, sorted by name.
    static func metadataHeaders(_ metadata: [String: String]) -> [HTTPHeader] {
        metadata.sorted { $0.key < $1.key }.map { HTTPHeader("x-amz-meta-\($0.key)", $0.value) }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
