import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@Suite("Secrets Manager client: versions, rotation settings, values that never print")
struct SecretsManagerTests {
    static func json(_ text: String) -> HTTPResponse { HTTPResponse(status: 200, body: Array(text.utf8)) }

    static func body(_ request: HTTPRequest?) throws -> [String: Any] {
        guard case .bytes(let bytes) = request?.body else { return [:] }
        return try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] ?? [:]
    }

    @Test("ListSecretVersionIds follows NextToken and decodes stages and dates")
    func listVersionPages() async throws {
        let transport = FakeTransport([
            .respond(
                Self.json(
                    #"{"Versions":[{"VersionId":"v2","VersionStages":["AWSCURRENT"],"CreatedDate":1700000100.5}],"NextToken":"n2"}"#
                )),
            .respond(Self.json(#"{"Versions":[{"VersionId":"v1","VersionStages":[],"CreatedDate":1700000000}]}"#)),
        ])
        let versions = try await SecretsManager(client: TestSupport.client(transport)).listSecretVersionIds(id: "p/d/K")
        #expect(versions.map(\.versionId) == ["v2", "v1"])
        #expect(versions.first?.versionStages == ["AWSCURRENT"])
        #expect(versions.first?.createdDate == Date(timeIntervalSince1970: 1_700_000_100.5))
        let requests = transport.requests
        #expect(requests.count == 2)
        #expect(requests[0].headers.contains { $0.value == "secretsmanager.ListSecretVersionIds" })
        #expect(try Self.body(requests[0])["NextToken"] == nil)
        #expect(try Self.body(requests[1])["NextToken"] as? String == "n2")
        #expect(try Self.body(requests[0])["IncludeDeprecated"] as? Bool == true)
    }

    @Test("RotateSecret sends RotationLambdaARN and RotationRules; DescribeSecret reads them back")
    func rotationSettings() async throws {
        let transport = FakeTransport([
            .respond(Self.json(#"{"ARN":"arn:s","Name":"p/d/K","VersionId":"v3"}"#)),
            .respond(
                Self.json(
                    #"{"Name":"p/d/K","RotationEnabled":true,"RotationLambdaARN":"arn:aws:lambda:r:1:function:f","RotationRules":{"AutomaticallyAfterDays":30},"VersionIdsToStages":{"v1":["AWSCURRENT"]}}"#
                )),
        ])
        let secrets = SecretsManager(client: TestSupport.client(transport))
        _ = try await secrets.rotateSecret(
            id: "p/d/K", rotationLambdaARN: "arn:aws:lambda:r:1:function:f",
            rules: SecretRotationRules(automaticallyAfterDays: 30), rotateImmediately: false)
        let sent = try Self.body(transport.requests.first)
        #expect(sent["RotationLambdaARN"] as? String == "arn:aws:lambda:r:1:function:f")
        #expect((sent["RotationRules"] as? [String: Any])?["AutomaticallyAfterDays"] as? Int == 30)
        #expect(sent["RotateImmediately"] as? Bool == false)
        let description = try await secrets.describeSecret(id: "p/d/K")
        #expect(description.rotationEnabled == true)
        #expect(description.rotationLambdaARN == "arn:aws:lambda:r:1:function:f")
        #expect(description.rotationRules?.automaticallyAfterDays == 30)
        #expect(description.versionIdsToStages == ["v1": ["AWSCURRENT"]])
    }

    @Test("PutSecretValue carries the value only in the body; the value prints as (sensitive)")
    func putPending() async throws {
        let transport = FakeTransport([.respond(Self.json(#"{"VersionId":"tok","VersionStages":["AWSPENDING"]}"#))])
        let value = SecretValue("a-value-that-must-never-print-0123456789")
        _ = try await SecretsManager(client: TestSupport.client(transport)).putSecretValue(
            id: "p/d/K", value: value, clientRequestToken: "tok", versionStages: ["AWSPENDING"])
        let sent = try Self.body(transport.requests.first)
        #expect(sent["SecretString"] as? String == value.exposed)
        #expect(sent["ClientRequestToken"] as? String == "tok")
        #expect(sent["VersionStages"] as? [String] == ["AWSPENDING"])
        #expect(!transport.requests[0].url.contains(value.exposed))
        #expect(!transport.requests[0].headers.contains { $0.value.contains(value.exposed) })
        #expect("\(value)" == "(sensitive)")
        #expect(value.sha256Hex.count == 64)
        #expect(value.sha256Hex == SecretValue(value.exposed).sha256Hex)
    }
}
