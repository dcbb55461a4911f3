import Crypto
import Foundation
import HoistAWS
import Testing

@testable import HoistCore

/// A fake S3 for the uploader: answers each multipart step, records every request.
final class FakeS3: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var requests: [HTTPRequest] = []
    /// Called before a part is answered (to cancel the upload midway).
    var onPart: (@Sendable (Int) -> Void)?

    func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        let count = lock.withLock {
            requests.append(request)
            return requests.filter { $0.url.contains("partNumber=") }.count
        }
        let url = request.url
        switch request.method {
        case "HEAD": return HTTPResponse(status: 404)
        case "POST" where url.hasSuffix("?uploads="):
            return .init(
                status: 200,
                body: Array(
                    "<InitiateMultipartUploadResult><UploadId>up-1</UploadId></InitiateMultipartUploadResult>".utf8))
        case "PUT" where url.contains("partNumber="):
            onPart?(count)
            return .init(status: 200, headers: [HTTPHeader("ETag", "\"etag-\(count)\"")])
        default: return .init(status: 200)
        }
    }

    func request(_ method: String, containing fragment: String) -> [HTTPRequest] {
        lock.withLock { requests.filter { $0.method == method && $0.url.contains(fragment) } }
    }

    var all: [HTTPRequest] { lock.withLock { requests } }
}

extension HTTPRequest {
    func value(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    var text: String {
        if case .bytes(let bytes) = body { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }
}

/// Holds the upload task for the fake to cancel; waits (bounded) for it to be stored.
final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Bool, any Error>?

    func set(_ task: Task<Bool, any Error>) { lock.withLock { self.task = task } }

    func cancel() {
        for _ in 0..<1000 {
            if let task = lock.withLock({ self.task }) { return task.cancel() }
            usleep(1000)
        }
    }
}

@Suite("Artifact uploader: multipart checksums, expected owner, abort")
struct ArtifactUploaderTests {
    static func client(_ transport: any HTTPTransport) -> AWSClient {
        AWSClient(
            transport: transport,
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
            region: "us-east-1", environment: AWSEnvironment(variables: [:]), sleep: { _ in })
    }

    /// An 11 MiB file: two 5 MiB parts and a 1 MiB tail.
    static func file() throws -> (path: String, content: [UInt8]) {
        var content = [UInt8](repeating: 0, count: 11 << 20)
        for index in content.indices { content[index] = UInt8(truncatingIfNeeded: index &* 7 &+ index >> 11) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("up-\(UUID().uuidString).zip").path
        try Data(content).write(to: URL(fileURLWithPath: path))
        return (path, content)
    }

    @Test("multipart: SHA256 declared at creation, each part's ChecksumSHA256 in Complete, the owner on every call")
    func checksumsAndOwner() async throws {
        let (path, content) = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fake = FakeS3()
        let uploader = ArtifactUploader(
            client: Self.client(fake), partSize: 5 << 20, expectedBucketOwner: "123456789012")
        let whole = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
        #expect(
            try await uploader.upload(
                path: path, bucket: "hoist-123456789012-us-east-1", key: "a.zip", sha256Hex: whole))

        let create = try #require(fake.request("POST", containing: "?uploads=").first)
        #expect(create.value("x-amz-checksum-algorithm") == "SHA256")
        let complete = try #require(fake.request("POST", containing: "uploadId=up-1").first)
        let expected = stride(from: 0, to: content.count, by: 5 << 20).enumerated().map { index, offset in
            let part = content[offset..<min(offset + (5 << 20), content.count)]
            return (index + 1, Data(SHA256.hash(data: part)).base64EncodedString())
        }
        #expect(expected.count == 3)
        for (number, checksum) in expected {
            #expect(
                complete.text.contains(
                    "<ChecksumSHA256>\(checksum)</ChecksumSHA256><PartNumber>\(number)</PartNumber>"),
                "\(complete.text)")
        }
        #expect(fake.all.count == 6)  // HeadObject, Create, 3 parts, Complete
        #expect(fake.all.allSatisfy { $0.value("x-amz-expected-bucket-owner") == "123456789012" })
    }

    @Test("cancelled during the parts: the open upload is aborted and the error is the cancellation")
    func cancellationAborts() async throws {
        let (path, content) = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fake = FakeS3()
        let uploader = ArtifactUploader(client: Self.client(fake), partSize: 5 << 20)
        let whole = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
        let box = TaskBox()
        fake.onPart = { number in if number == 1 { box.cancel() } }
        let task = Task { try await uploader.upload(path: path, bucket: "b", key: "a.zip", sha256Hex: whole) }
        box.set(task)
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(fake.request("DELETE", containing: "uploadId=up-1").count == 1)
        #expect(fake.request("POST", containing: "uploadId=up-1").isEmpty, "no CompleteMultipartUpload")
    }
}
