import Foundation
import Testing

@testable import LambdaRuntime

@Suite struct PayloadTests {
    static let event = #"""
        {
          "version": "2.0",
          "routeKey": "$default",
          "rawPath": "/movies/abc",
          "rawQueryString": "limit=2&cursor=x",
          "cookies": ["a=1", "b=2"],
          "headers": {"content-type": "application/json", "authorization": "Bearer t"},
          "queryStringParameters": {"limit": "2", "cursor": "x"},
          "pathParameters": {"proxy": "movies/abc"},
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "api-id",
            "authentication": {"clientCert": {"subjectDN": "x"}},
            "authorizer": {"jwt": {"claims": {"sub": "ann", "n": 1, "ok": true}, "scopes": null}},
            "domainName": "id.execute-api.us-east-1.amazonaws.com",
            "http": {"method": "post", "path": "/movies/abc", "protocol": "HTTP/1.1", "sourceIp": "1.2.3.4",
                     "userAgent": "curl"},
            "requestId": "id",
            "routeKey": "$default",
            "stage": "$default",
            "time": "12/Mar/2020:19:03:58 +0000",
            "timeEpoch": 1583348638390
          },
          "body": "eyJ0aXRsZSI6IkR1bmUifQ==",
          "isBase64Encoded": true,
          "somethingNew": {"nested": [1, 2, 3]}
        }
        """#

    @Test func decodesAFullEventIgnoringUnknownKeys() throws {
        let request = try JSONDecoder().decode(APIGatewayV2Request.self, from: Data(Self.event.utf8))
        #expect(request.method == "POST")
        #expect(request.rawPath == "/movies/abc")
        #expect(request.cookies == ["a=1", "b=2"])
        #expect(request.queryStringParameters?["limit"] == "2")
        #expect(request.pathParameters?["proxy"] == "movies/abc")
        #expect(request.header("Authorization") == "Bearer t")
        #expect(request.bodyBytes == Array(#"{"title":"Dune"}"#.utf8))
        #expect(request.requestContext.timeEpoch == 1_583_348_638_390)
        guard case .object(let authorizer)? = request.requestContext.authorizer else {
            Issue.record("authorizer not kept")
            return
        }
        #expect(authorizer["jwt"] != nil)
    }

    @Test func decodesAMinimalEvent() throws {
        let json = #"{"requestContext":{"http":{"method":"GET","path":"/health"}}}"#
        let request = try JSONDecoder().decode(APIGatewayV2Request.self, from: Data(json.utf8))
        #expect(request.rawPath == "/health")
        #expect(!request.isBase64Encoded)
        #expect(request.bodyBytes == [])
        #expect(request.header("x") == nil)
    }

    @Test func badBase64BodyIsNil() throws {
        let request = APIGatewayV2Request(method: "POST", path: "/", body: "***", isBase64Encoded: true)
        #expect(request.bodyBytes == nil)
    }

    @Test func encodesResponses() throws {
        let response = APIGatewayV2Response(
            statusCode: 201, headers: ["content-type": "application/json"], body: "{}", cookies: ["s=1"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(response), as: UTF8.self)
        #expect(
            json == #"{"body":"{}","cookies":["s=1"],"headers":{"content-type":"application/json"},"statusCode":201}"#)
        let binary = APIGatewayV2Response(statusCode: 200, binaryBody: [0, 255, 1])
        #expect(binary.isBase64Encoded == true)
        #expect(binary.bodyBytes == [0, 255, 1])
    }

    @Test func jsonValueRoundTrips() throws {
        let json = #"{"a":[1,"x",true,null,{"b":2.5}]}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        let again = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
        #expect(value == again)
    }
}
