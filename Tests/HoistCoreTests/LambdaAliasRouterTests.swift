import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@testable import HoistCore

/// The Lambda router over a fake Lambda that keeps one alias: what it sends, what it refuses to overwrite, and a
/// revision that changed between the read and the write (412, which moto does not emulate).
@Suite("Lambda alias router")
struct LambdaAliasRouterTests {
    static let release = CanaryRelease(functionName: "fn", alias: "live", oldVersion: "3", newVersion: "4")

    /// One alias, as GetAlias and UpdateAlias see it; `stale` answers that many UpdateAlias calls 412.
    final class FakeAlias: @unchecked Sendable {
        let lock = NSLock()
        var version: String
        var weights: [String: Double]
        var revision = 1
        var stale: Int
        var updates: [[String: Any]] = []

        init(version: String, weights: [String: Double] = [:], stale: Int = 0) {
            self.version = version
            self.weights = weights
            self.stale = stale
        }

        func answer(_ request: HTTPRequest) throws -> HTTPResponse {
            try lock.withLock {
                #expect(request.url.hasSuffix("/2015-03-31/functions/fn/aliases/live"))
                if request.method == "PUT" {
                    let body = try #require(
                        try JSONSerialization.jsonObject(with: Data(request.bodyText.utf8)) as? [String: Any])
                    updates.append(body)
                    if stale > 0 {
                        stale -= 1
                        revision += 1  // someone else wrote in between
                        return HTTPResponse(
                            status: 412, headers: [HTTPHeader("x-amzn-ErrorType", "PreconditionFailedException")],
                            body: Array(
                                #"{"message":"The RevisionId provided does not match the latest RevisionId"}"#.utf8))
                    }
                    #expect(body["RevisionId"] as? String == "r\(revision)")
                    version = body["FunctionVersion"] as? String ?? version
                    let routing = body["RoutingConfig"] as? [String: Any]
                    weights = routing?["AdditionalVersionWeights"] as? [String: Double] ?? weights
                    revision += 1
                }
                let routing =
                    weights.isEmpty ? "" : #","RoutingConfig":{"AdditionalVersionWeights":"# + weightsJSON + "}"
                return HTTPResponse(
                    status: 200, headers: [],
                    body: Array(
                        #"{"Name":"live","FunctionVersion":"\#(version)","RevisionId":"r\#(revision)"\#(routing)}"#.utf8
                    ))
            }
        }

        var weightsJSON: String {
            "{" + weights.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }

    static func router(_ alias: FakeAlias) -> (LambdaAliasRouter, FakeTransport) {
        let transport = FakeTransport(handler: { try alias.answer($0) })
        let client = AWSClient(
            transport: transport,
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
            region: "us-east-1", environment: AWSEnvironment(variables: [:]), sleep: { _ in })
        return (LambdaAliasRouter(lambda: Lambda(client: client)), transport)
    }

    @Test("start, promote: each reads the alias and writes with its RevisionId; weights go in RoutingConfig")
    func startAndPromote() async throws {
        let alias = FakeAlias(version: "3")
        let (router, transport) = Self.router(alias)
        try await router.startCanary(Self.release, weight: 0.1)
        #expect(alias.version == "3")
        #expect(alias.weights == ["4": 0.1])
        try await router.promote(Self.release)
        #expect(alias.version == "4")
        #expect(alias.weights.isEmpty)
        #expect(transport.requests.map(\.method) == ["GET", "PUT", "GET", "PUT"])
        let promote = try #require(alias.updates.last)
        #expect(promote["FunctionVersion"] as? String == "4")
        #expect((promote["RoutingConfig"] as? [String: Any])?["AdditionalVersionWeights"] as? [String: Double] == [:])
    }

    @Test("a rollback of an alias already on the old version with no weights writes nothing")
    func idempotentRollBack() async throws {
        let alias = FakeAlias(version: "3")
        let (router, transport) = Self.router(alias)
        try await router.rollBack(Self.release)
        #expect(transport.requests.map(\.method) == ["GET"])
    }

    @Test("an alias someone moved is not overwritten")
    func movedAlias() async throws {
        let alias = FakeAlias(version: "5")
        let (router, transport) = Self.router(alias)
        let error = try await #require(throws: CanaryError.self) { try await router.rollBack(Self.release) }
        #expect(error.code == .aliasChanged)
        #expect(error.message.contains("on version 5"))
        #expect(transport.requests.map(\.method) == ["GET"])
        let weighted = FakeAlias(version: "3", weights: ["7": 0.5])
        let (other, _) = Self.router(weighted)
        await #expect(throws: CanaryError.self) { try await other.startCanary(Self.release, weight: 0.1) }
        #expect(weighted.updates.isEmpty)
    }

    @Test("a stale RevisionId (412) is read again once; twice is AliasChanged")
    func staleRevision() async throws {
        let once = FakeAlias(version: "3", weights: ["4": 0.1], stale: 1)
        let (router, transport) = Self.router(once)
        try await router.rollBack(Self.release)
        #expect(once.weights.isEmpty)
        #expect(transport.requests.map(\.method) == ["GET", "PUT", "GET", "PUT"])

        let twice = FakeAlias(version: "3", weights: ["4": 0.1], stale: 2)
        let (stubborn, _) = Self.router(twice)
        let error = try await #require(throws: CanaryError.self) { try await stubborn.rollBack(Self.release) }
        #expect(error.code == .aliasChanged)
        #expect((error.underlying as? AWSError)?.code == "PreconditionFailedException")
    }
}
