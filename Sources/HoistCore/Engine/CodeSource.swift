import Foundation
import HoistAWS

/// Where a function's or layer's zip comes from: the file on disk, and the S3 object when it goes through S3.
public struct CodeSource: Codable, Sendable, Equatable {
    /// The zip on disk.
    public var path: String?
    /// SHA-256, base64 (Lambda's CodeSha256).
    public var sha256Base64: String
    /// SHA-256, hex.
    public var sha256Hex: String
    /// Size in bytes.
    public var bytes: Int
    /// The bucket, when it goes through S3.
    public var bucket: String?
    /// The key, when it goes through S3.
    public var key: String?

    /// Creates a source.
    public init(
        path: String?, sha256Base64: String, sha256Hex: String, bytes: Int, bucket: String? = nil, key: String? = nil
    ) {
        self.path = path
        self.sha256Base64 = sha256Base64
        self.sha256Hex = sha256Hex
        self.bytes = bytes
        self.bucket = bucket
        self.key = key
    }

    /// The S3 artifact it needs uploaded first, if any.
    public var artifact: ResourceAddress? { key.map { ResourceAddress(.artifact, $0) } }

    /// Throws `ArtifactChanged` when the digest Lambda reports for the code it stored is not this zip's: the
    /// bytes were swapped between upload and use (an S3 object replaced by someone else) or damaged on the way.
    public func verify(_ reported: String?, for address: ResourceAddress) throws {
        guard let reported, reported != sha256Base64 else { return }
        throw EngineError(
            code: .artifactChanged, address: address,
            message:
                "Lambda stored code with SHA-256 \(reported), not the \(sha256Base64) of \(path ?? "the planned zip")",
            hint: "check who can write the artifact bucket, then deploy again")
    }

    /// The code as Lambda takes it: the S3 object, or the zip's bytes inline.
    public func lambdaCode(for address: ResourceAddress) throws -> LambdaCode {
        if let bucket, let key { return .s3(bucket: bucket, key: key) }
        guard let path else {
            throw EngineError(code: .badPlan, address: address, message: "the plan names no zip for it")
        }
        return .zip(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }
}
