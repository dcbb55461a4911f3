import Crypto
import Foundation
import HoistAWS

/// Uploads a zip to S3 once: skipped when the object is already there; multipart with parallel parts above the
/// part size; every part and the whole carry a SHA-256 that S3 verifies (a multipart upload declares SHA256 and
/// lists each part's checksum when completing, so S3 keeps a composite SHA-256 of the object).
public struct ArtifactUploader: Sendable {
    /// The client calls go through.
    public let client: AWSClient
    /// Bytes per part; files at most this large go in one PutObject.
    public let partSize: Int
    /// Parts in flight at once.
    public var concurrency = 4
    /// Receives progress lines.
    public let report: @Sendable (String) -> Void
    /// Counts the bytes sent, for a progress bar; nil for none.
    public var progress: TransferProgress?
    /// The account that must own the bucket, sent on every S3 call (``S3/expectedBucketOwner``); nil sends none.
    public var expectedBucketOwner: String?

    /// The user-metadata key holding the whole object's SHA-256 (base64, Lambda's CodeSha256 form). S3 keeps
    /// no whole-object SHA-256 for a multipart upload, so both upload paths store it here for plans to read.
    public static let sha256MetadataKey = "sha256-base64"

    /// Creates an uploader.
    public init(
        client: AWSClient, partSize: Int, expectedBucketOwner: String? = nil,
        report: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.client = client
        self.partSize = max(5 << 20, partSize)
        self.expectedBucketOwner = expectedBucketOwner
        self.report = report
    }

    /// Uploads `path` to `bucket/key` unless an object is already there; returns whether bytes were sent.
    @discardableResult
    public func upload(path: String, bucket: String, key: String, sha256Hex: String) async throws -> Bool {
        let s3 = S3(client: client, expectedBucketOwner: expectedBucketOwner)
        if try await s3.headObject(bucket: bucket, key: key) != nil {
            report("  s3://\(bucket)/\(key) already there, not sent again")
            return false
        }
        let size = Int(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber ?? 0)
        let whole = Self.bytes(fromHex: sha256Hex)
        let metadata = [Self.sha256MetadataKey: Data(whole).base64EncodedString()]
        let started = Date()
        func took() -> String {
            let seconds = Date().timeIntervalSince(started)
            return String(format: " in %.2f s (%.1f MB/s)", seconds, Double(size) / 1_000_000 / max(seconds, 0.001))
        }
        let progress = self.progress
        progress?.begin(key: key, bytes: Int64(size))
        func options(part: Int) -> HTTPRequestOptions {
            HTTPRequestOptions(
                connectTimeout: 10, totalTimeout: 900, bodyProgress: progress?.receiver(key: key, part: part))
        }
        if size <= partSize {
            _ = try await s3.putObject(
                bucket: bucket, key: key, body: .file(path: path, offset: 0, length: UInt64(size)), sha256: whole,
                metadata: metadata, options: options(part: 0))
            progress?.finish(key: key)
            report("  uploaded \(size) bytes to s3://\(bucket)/\(key)" + took())
            return true
        }
        let uploadId = try await s3.createMultipartUpload(bucket: bucket, key: key, metadata: metadata)
        let offsets = Array(stride(from: 0, to: size, by: partSize))
        do {
            let parts = try await withThrowingTaskGroup(of: S3CompletedPart.self) { group in
                var next = 0
                var done: [S3CompletedPart] = []
                func launch(_ index: Int) {
                    let offset = offsets[index]
                    let length = min(partSize, size - offset)
                    group.addTask {
                        try Task.checkCancellation()
                        let digest = try Self.sha256(path: path, offset: offset, length: length)
                        return try await s3.uploadPart(
                            bucket: bucket, key: key, uploadId: uploadId, partNumber: index + 1,
                            body: .file(path: path, offset: UInt64(offset), length: UInt64(length)), sha256: digest,
                            options: options(part: index + 1))
                    }
                }
                while next < min(concurrency, offsets.count) {
                    launch(next)
                    next += 1
                }
                for try await part in group {
                    done.append(part)
                    report("  part \(done.count)/\(offsets.count) of s3://\(bucket)/\(key)")
                    if next < offsets.count {
                        launch(next)
                        next += 1
                    }
                }
                return done
            }
            // Cancelled (Ctrl-C) while parts were in flight: abort rather than complete what was asked to stop.
            try Task.checkCancellation()
            try await s3.completeMultipartUpload(bucket: bucket, key: key, uploadId: uploadId, parts: parts)
        } catch {
            // Parts of an open upload are billed until aborted; the abort runs in its own task so that the
            // cancellation that brought us here does not cancel it too.
            await Task { try? await s3.abortMultipartUpload(bucket: bucket, key: key, uploadId: uploadId) }.value
            throw error
        }
        progress?.finish(key: key)
        report("  uploaded \(size) bytes in \(offsets.count) parts to s3://\(bucket)/\(key)" + took())
        return true
    }

    static func sha256(path: String, offset: Int, length: Int) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        var hasher = SHA256()
        var remaining = length
        while remaining > 0 {
            let chunk = try handle.read(upToCount: min(remaining, 1 << 20)) ?? Data()
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
            remaining -= chunk.count
        }
        return Array(hasher.finalize())
    }

    static func bytes(fromHex hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }
}
