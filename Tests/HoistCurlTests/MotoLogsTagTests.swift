import Foundation
import HoistAWS
import HoistCurl
import HoistTestSupport
import Testing

/// Log group tags through the resource-tag operations on the group's ARN, against moto (auth enforced).
@Suite("CloudWatch Logs tags by ARN against moto", .enabled(if: MotoTestBed.shouldRun, MotoTestBed.skipNote))
struct MotoLogsTagTests {
    @Test("with the account: TagResource, UntagResource, ListTagsForResource on arn:…:log-group:<name> (no :*)")
    func tagsByARN() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let logs = CloudWatchLogs(client: bed.client(transport: recorder), account: "123456789012")
        let name = "/aws/lambda/\(MotoTestBed.unique("movies-api-dev"))"
        #expect(logs.logGroupARN(name: name) == "arn:aws:logs:\(bed.region):123456789012:log-group:\(name)")
        try await logs.createLogGroup(name: name, tags: ["hoist:project": "movies-api"])
        try await logs.tag(name: name, tags: ["hoist:stage": "dev", "team": "core"])
        try await logs.untag(name: name, keys: ["team"])
        #expect(try await logs.listTags(name: name) == ["hoist:project": "movies-api", "hoist:stage": "dev"])
        try await logs.deleteLogGroup(name: name)
        #expect(
            recorder.targets == [
                "CreateLogGroup", "TagResource", "UntagResource", "ListTagsForResource", "DeleteLogGroup",
            ])
        let tagBody = try #require(
            recorder.exchanges.first { $0.request.headers.contains { $0.value.hasSuffix(".TagResource") } })
        if case .bytes(let bytes) = tagBody.request.body {
            #expect(String(decoding: bytes, as: UTF8.self).contains("\"resourceArn\":\"arn:aws:logs:"))
        }
        #expect(recorder.exchanges.allSatisfy { (200..<300).contains($0.status) }, "\(recorder.exchanges.map(\.body))")
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("without the account (the engine until it passes one): the deprecated operations, same tags")
    func tagsByNameStillWork() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let logs = CloudWatchLogs(client: bed.client(transport: recorder))
        let name = "/aws/lambda/\(MotoTestBed.unique("movies-api-dev"))"
        try await logs.createLogGroup(name: name)
        try await logs.tag(name: name, tags: ["a": "1", "b": "2"])
        try await logs.untag(name: name, keys: ["b"])
        #expect(try await logs.listTags(name: name) == ["a": "1"])
        try await logs.deleteLogGroup(name: name)
        #expect(recorder.targets.contains("TagLogGroup"))
    }
}
