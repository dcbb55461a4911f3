import Foundation
import HoistAWS
import HoistTestSupport
import Testing

/// One kind of skew answer and the call that receives it.
struct SkewCase: Sendable, CustomStringConvertible {
    let name: String
    let status: Int
    let fixture: String
    let call: @Sendable (AWSClient) async throws -> Void

    var description: String { name }

    static let all: [SkewCase] = [
        SkewCase(name: "S3 RequestTimeTooSkewed", status: 403, fixture: "errors/s3-request-time-too-skewed.xml") {
            try await S3(client: $0).deleteObject(bucket: "hoist-artifacts", key: "a.zip")
        },
        SkewCase(
            name: "json InvalidSignatureException: Signature expired", status: 400,
            fixture: "errors/json10-signature-expired.json", call: describeTable),
        SkewCase(
            name: "json RequestExpired", status: 400, fixture: "errors/json10-request-expired.json",
            call: describeTable),
        SkewCase(
            name: "query SignatureDoesNotMatch: Signature expired", status: 403,
            fixture: "errors/query-signature-expired.xml"
        ) { _ = try await STS(client: $0).getCallerIdentity() },
    ]

    static func describeTable(_ client: AWSClient) async throws {
        let _: AWSEmpty = try await client.json(
            .dynamoDB, "DescribeTable", TokenInput(tableName: "users", clientToken: "token-1"))
    }
}

@Suite("Clock skew")
struct ClockSkewTests {
    /// The service's clock: 20 minutes ahead of the client's fixed 2026-11-26T15:00:00Z.
    static let serverDate = HTTPHeader("Date", "Thu, 26 Nov 2026 15:20:00 GMT")

    static func success(for testCase: SkewCase) throws -> HTTPResponse {
        testCase.name.hasPrefix("query")
            ? try .fixture(200, "responses/sts-get-caller-identity.xml") : .text(200, "{}")
    }

    @Test(
        "a skew error is retried once, signed with the offset from Date; later calls keep it",
        arguments: SkewCase.all)
    func retriedWithOffset(_ testCase: SkewCase) async throws {
        let transport = FakeTransport([
            .respond(try .fixture(testCase.status, testCase.fixture, headers: [Self.serverDate])),
            .respond(try Self.success(for: testCase)), .respond(try Self.success(for: testCase)),
        ])
        let client = TestSupport.client(transport)
        try await testCase.call(client)
        try await testCase.call(client)
        #expect(transport.callCount == 3)
        let stamps = transport.requests.map { $0.header("X-Amz-Date") }
        #expect(stamps == ["20261126T150000Z", "20261126T152000Z", "20261126T152000Z"])
        #expect(transport.requests[1].header("Authorization")?.contains("/20261126/") == true)
    }

    @Test("a second skew answer is not retried again: 2 attempts, the skew error")
    func onlyOnce() async throws {
        let answer = try HTTPResponse.fixture(403, "errors/s3-request-time-too-skewed.xml", headers: [Self.serverDate])
        let transport = FakeTransport([.respond(answer), .respond(answer), .respond(answer), .respond(answer)])
        let error = try await #require(throws: AWSError.self) {
            try await S3(client: TestSupport.client(transport)).deleteObject(bucket: "hoist-artifacts", key: "a.zip")
        }
        #expect(error.code == "RequestTimeTooSkewed")
        #expect(transport.callCount == 2)
    }

    @Test("not skew: a plain SignatureDoesNotMatch, or a skew error without a Date, is not retried")
    func notSkew() async throws {
        let mismatch = FakeTransport([
            .respond(try .fixture(403, "errors/query-signature-mismatch.xml", headers: [Self.serverDate]))
        ])
        let mismatchError = try await #require(throws: AWSError.self) {
            _ = try await STS(client: TestSupport.client(mismatch)).getCallerIdentity()
        }
        #expect(mismatchError.code == "SignatureDoesNotMatch")
        #expect(mismatch.callCount == 1)
        let undated = FakeTransport([.respond(try .fixture(403, "errors/s3-request-time-too-skewed.xml"))])
        await #expect(throws: AWSError.self) {
            try await S3(client: TestSupport.client(undated)).deleteObject(bucket: "hoist-artifacts", key: "a.zip")
        }
        #expect(undated.callCount == 1)
    }
}
