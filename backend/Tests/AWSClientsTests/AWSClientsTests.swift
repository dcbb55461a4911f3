import Foundation
import HoistSigV4
import Synchronization
import Testing

@testable import AWSClients

/// Records requests and answers from a script.
final class ScriptedTransport: AWSHTTPTransport, Sendable {
    struct Sent {
        var url: String
        var headers: [String: String]
        var body: String
    }

    let answers: Mutex<[(Int, String)]>
    let sent = Mutex<[Sent]>([])

    init(_ answers: [(Int, String)]) {
        self.answers = Mutex(answers)
    }

    func send(
        method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]
    ) async throws -> (status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        sent.withLock {
            $0.append(
                Sent(
                    url: url, headers: Dictionary(headers.map { ($0.name.lowercased(), $0.value) }) { $1 },
                    body: String(decoding: body, as: UTF8.self)))
        }
        let (status, text) = answers.withLock { $0.isEmpty ? (500, "{}") : $0.removeFirst() }
        return (status, [], Array(text.utf8))
    }
}

let environment = AWSEnvironment(
    credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token"),
    region: "eu-west-1", endpointOverride: ["dynamodb": "http://127.0.0.1:5000/"])

@Suite struct AWSClientsTests {
    @Test func environmentReadsLambdaVariables() throws {
        let env = try AWSEnvironment(environment: [
            "AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK", "AWS_SESSION_TOKEN": "ST",
            "AWS_REGION": "eu-central-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:9/",
        ])
        #expect(env.credentials.sessionToken == "ST")
        #expect(env.region == "eu-central-1")
        #expect(env.endpoint(for: "dynamodb") == "http://127.0.0.1:9")
        let real = try AWSEnvironment(environment: ["AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK"])
        #expect(real.endpoint(for: "secretsmanager") == "https://secretsmanager.us-east-1.amazonaws.com")
        #expect(real.credentials.sessionToken == nil)
        #expect(throws: AWSClientError.self) { try AWSEnvironment(environment: [:]) }
    }

    @Test func requestsAreSignedWithTargetAndToken() {
        let client = DynamoDBClient(environment: environment, transport: ScriptedTransport([])).client
        let headers = Dictionary(
            client.signedHeaders(operation: "GetItem", body: Array("{}".utf8), date: Date(timeIntervalSince1970: 0))
                .map { ($0.name.lowercased(), $0.value) }
        ) { $1 }
        #expect(headers["host"] == "127.0.0.1:5000")
        #expect(headers["x-amz-target"] == "DynamoDB_20120810.GetItem")
        #expect(headers["content-type"] == "application/x-amz-json-1.0")
        #expect(headers["x-amz-date"] == "19700101T000000Z")
        #expect(headers["x-amz-security-token"] == "token")
        #expect(headers["x-amz-content-sha256"] == SigV4Signer.hexSHA256(Array("{}".utf8)))
        let authorization = headers["authorization"] ?? ""
        #expect(
            authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/19700101/eu-west-1/dynamodb/aws4_request"))
        #expect(
            authorization.contains(
                "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target"))
    }

    @Test func hostDropsDefaultPorts() {
        #expect(
            AWSJSONClient.host(of: "https://dynamodb.us-east-1.amazonaws.com") == "dynamodb.us-east-1.amazonaws.com")
        #expect(AWSJSONClient.host(of: "https://x.example:443/") == "x.example")
        #expect(AWSJSONClient.host(of: "http://127.0.0.1:4566/path") == "127.0.0.1:4566")
    }

    @Test func errorsDecodeTypeAndMessage() {
        let dynamo = AWSJSONClient.decodeError(
            status: 400, headers: [],
            body: Array(
                #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#
                    .utf8))
        #expect(dynamo.code == "ConditionalCheckFailedException")
        #expect(dynamo.message == "The conditional request failed")
        #expect(!dynamo.isRetryable)
        let secrets = AWSJSONClient.decodeError(
            status: 400, headers: [], body: Array(#"{"__type":"ResourceNotFoundException","Message":"no"}"#.utf8))
        #expect(secrets.code == "ResourceNotFoundException")
        let header = AWSJSONClient.decodeError(
            status: 503, headers: [("X-Amzn-ErrorType", "ServiceUnavailable:http://x")], body: [])
        #expect(header.code == "ServiceUnavailable")
        #expect(header.isRetryable)
    }

    @Test func putItemSendsTheConditionAndMapsItsFailure() async throws {
        let transport = ScriptedTransport([
            (400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"no"}"#)
        ])
        let client = DynamoDBClient(environment: environment, transport: transport)
        await #expect {
            try await client.putItem(
                table: "users", item: ["username": .s("ann")], condition: "attribute_not_exists(#k)",
                conditionKey: "username")
        } throws: { ($0 as? AWSClientError)?.code == "ConditionalCheckFailedException" }
        let sent = transport.sent.withLock { $0 }
        #expect(sent.count == 1)
        #expect(sent[0].url == "http://127.0.0.1:5000/")
        let body = try JSONSerialization.jsonObject(with: Data(sent[0].body.utf8)) as? [String: Any]
        #expect(body?["ConditionExpression"] as? String == "attribute_not_exists(#k)")
        #expect(body?["ExpressionAttributeNames"] as? [String: String] == ["#k": "username"])
        #expect(body?["TableName"] as? String == "users")
    }

    @Test func serverErrorsAreRetried() async throws {
        let transport = ScriptedTransport([(500, "{}"), (200, #"{"Item":{"username":{"S":"ann"}}}"#)])
        let client = DynamoDBClient(environment: environment, transport: transport)
        let item = try await client.getItem(table: "users", key: ["username": .s("ann")])
        #expect(item?["username"] == .s("ann"))
        #expect(transport.sent.withLock { $0.count } == 2)
    }

    @Test func scanPassesTheStartKeyAndReturnsTheLastKey() async throws {
        let transport = ScriptedTransport([
            (
                200,
                #"{"Items":[{"movieId":{"S":"b"},"year":{"N":"2000"}}],"LastEvaluatedKey":{"movieId":{"S":"b"}},"Count":1}"#
            )
        ])
        let client = DynamoDBClient(environment: environment, transport: transport)
        let page = try await client.scan(table: "movies", limit: 1, startKey: ["movieId": .s("a")])
        #expect(page.items.first?["year"]?.int == 2000)
        #expect(page.lastKey == ["movieId": .s("b")])
        let body = transport.sent.withLock { $0[0].body }
        #expect(body.contains(#""ExclusiveStartKey":{"movieId":{"S":"a"}}"#))
        #expect(body.contains(#""Limit":1"#))
    }

    @Test func attributeValuesRoundTrip() throws {
        let item: DynamoDBItem = [
            "s": .s("x"), "n": .n("12"), "b": .bool(true), "z": .null, "l": .l([.s("a"), .n("1")]),
            "m": .m(["k": .s("v")]), "ss": .ss(["a", "b"]),
        ]
        let decoded = try JSONDecoder().decode(DynamoDBItem.self, from: try JSONEncoder().encode(item))
        #expect(decoded == item)
        #expect(DynamoDBValue.l([.s("a"), .s("b")]).strings == ["a", "b"])
        #expect(DynamoDBValue.l([.s("a"), .n("1")]).strings == nil)
    }

    @Test func secretValueIsRequestedByStage() async throws {
        let transport = ScriptedTransport([
            (200, #"{"ARN":"arn","Name":"n","VersionId":"v1","SecretString":"s3cret","VersionStages":["AWSCURRENT"]}"#)
        ])
        let client = SecretsManagerClient(environment: environment, transport: transport)
        let value = try await client.getSecretValue(secretId: "movies-api/dev/JWT_SECRET_KEY", stage: "AWSCURRENT")
        #expect(value.VersionId == "v1")
        #expect(value.SecretString == "s3cret")
        let sent = transport.sent.withLock { $0[0] }
        #expect(sent.headers["x-amz-target"] == "secretsmanager.GetSecretValue")
        #expect(sent.url == "https://secretsmanager.eu-west-1.amazonaws.com/")
        #expect(sent.body.contains(#""VersionStage":"AWSCURRENT""#))
    }
}
