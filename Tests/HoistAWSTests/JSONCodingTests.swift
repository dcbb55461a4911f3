import Foundation
import HoistAWS
import HoistTestSupport
import Testing

/// A Lambda-like shape with a nested struct and string maps.
struct FunctionShape: Codable, Equatable {
    struct Environment: Codable, Equatable {
        var variables: [String: String]
    }

    var functionName: String
    var codeSha256: String
    var memorySize: Int
    var environment: Environment
    var tags: [String: String]
}

@Suite("JSON mapping")
struct JSONCodingTests {
    @Test(
        "AWS member names to Swift property names",
        arguments: [
            ("ARN", "arn"), ("KMSKeyId", "kmsKeyId"), ("FunctionName", "functionName"), ("CodeSha256", "codeSha256"),
            ("TableARN", "tableARN"), ("SSEDescription", "sseDescription"), ("functionName", "functionName"),
            ("A", "a"), ("", ""),
        ])
    func swiftName(aws: String, swift: String) {
        #expect(AWSJSONCoding.swiftName(aws) == swift)
    }

    @Test(
        "Swift property names to AWS member names",
        arguments: [("functionName", "FunctionName"), ("codeSha256", "CodeSha256"), ("arn", "Arn"), ("", "")])
    func awsName(swift: String, aws: String) {
        #expect(AWSJSONCoding.awsName(swift) == aws)
    }

    static let shape = FunctionShape(
        functionName: "hoist-api", codeSha256: "abc=", memorySize: 512,
        environment: .init(variables: ["USERS_TABLE": "users", "hoist:stage": "prod", "lowerCase": "x"]),
        tags: ["hoist:project": "demo", "USERS_TABLE": "t", "Owner": "me"])

    @Test("PascalCase round trip; tag and environment keys stay as they are")
    func roundTrip() throws {
        let data = try AWSJSONCoding.pascalCaseEncoder().encode(Self.shape)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["FunctionName", "CodeSha256", "MemorySize", "Environment", "Tags"])
        let tags = try #require(object["Tags"] as? [String: String])
        #expect(tags == ["hoist:project": "demo", "USERS_TABLE": "t", "Owner": "me"])
        let variables = try #require((object["Environment"] as? [String: Any])?["Variables"] as? [String: String])
        #expect(variables == ["USERS_TABLE": "users", "hoist:stage": "prod", "lowerCase": "x"])
        let decoded = try AWSJSONCoding.pascalCaseDecoder().decode(FunctionShape.self, from: data)
        #expect(decoded == Self.shape)
    }

    @Test("decoding an AWS answer keeps map keys")
    func decodeAnswer() throws {
        let answer = #"""
            {"FunctionName":"hoist-api","CodeSha256":"abc=","MemorySize":256,
             "Environment":{"Variables":{"USERS_TABLE":"users","API_KEY":"k"}},
             "Tags":{"hoist:project":"demo","ENV":"prod"}}
            """#
        let decoded = try AWSJSONCoding.pascalCaseDecoder().decode(FunctionShape.self, from: Data(answer.utf8))
        #expect(decoded.environment.variables == ["USERS_TABLE": "users", "API_KEY": "k"])
        #expect(decoded.tags == ["hoist:project": "demo", "ENV": "prod"])
        #expect(decoded.memorySize == 256)
    }

    @Test("acronym members decode into lowerCamel properties")
    func acronyms() throws {
        struct Shape: Decodable {
            var kmsKeyId: String
            var arn: String
            var tableARN: String
        }
        let shape = try AWSJSONCoding.pascalCaseDecoder().decode(
            Shape.self, from: Data(#"{"KMSKeyId":"k","ARN":"a","TableARN":"t"}"#.utf8))
        #expect(shape.kmsKeyId == "k")
        #expect(shape.arn == "a")
        #expect(shape.tableARN == "t")
    }

    @Test("the client sends PascalCase json and reads the answer")
    func throughClient() async throws {
        let transport = FakeTransport(handler: { request in
            .text(200, request.bodyText)
        })
        let echoed: FunctionShape = try await TestSupport.client(transport).json(
            .secretsManager, "Echo", Self.shape)
        #expect(echoed == Self.shape)
        #expect(transport.requests.first?.bodyText.contains(#""hoist:project":"demo""#) == true)
        #expect(transport.requests.first?.header("Content-Type") == "application/x-amz-json-1.1")
    }

    @Test("API Gateway v2 uses camelCase members unchanged")
    func camelCase() async throws {
        struct Api: Codable, Equatable {
            var name: String
            var protocolType: String
            var tags: [String: String]
        }
        let transport = FakeTransport(handler: { request in .text(201, request.bodyText) })
        let api = Api(name: "hoist", protocolType: "HTTP", tags: ["hoist:project": "demo"])
        let created: Api = try await TestSupport.client(transport).restJSON(
            .apiGatewayV2, "CreateApi", method: "POST", path: "/v2/apis", body: api)
        #expect(created == api)
        #expect(transport.requests.first?.bodyText.contains(#""protocolType":"HTTP""#) == true)
    }
}
