import Foundation
import HoistDev
import Testing

@Suite("API Gateway payload 2.0 events")
struct APIGatewayEventBuilderTests {
    @Test("a chunked POST with cookies, repeated headers and a query becomes AWS's event shape")
    func fixtureEvent() throws {
        var parser = HTTPMessageParser(kind: .request)
        parser.append(try TestSupport.fixture("two_requests.http"))
        let request = try #require(try parser.nextRequest())
        let builder = APIGatewayEventBuilder(accountId: "123456789012")
        let json = builder.eventJSON(
            for: request, sourceIp: "127.0.0.1", requestId: "c0ffee00-0000-4000-8000-000000000001",
            now: Date(timeIntervalSince1970: 1_584_039_838.123))
        let expected = try JSONSerialization.jsonObject(with: Data(try TestSupport.fixture("event_post_movies.json")))
        let actual = try JSONSerialization.jsonObject(with: Data(json))
        #expect((actual as? NSDictionary) == (expected as? NSDictionary))
    }

    @Test("no body, no query and no cookie leave those fields out")
    func minimal() throws {
        let event = APIGatewayEventBuilder().event(
            for: HTTPRequest(method: "get", target: "/health"), sourceIp: "127.0.0.1", requestId: "r",
            now: Date(timeIntervalSince1970: 0))
        #expect(event.body == nil)
        #expect(!event.isBase64Encoded)
        #expect(event.cookies == nil)
        #expect(event.queryStringParameters == nil)
        #expect(event.rawQueryString == "")
        #expect(event.requestContext.http.method == "GET")
        #expect(event.requestContext.time == "01/Jan/1970:00:00:00 +0000")
        let text = String(
            decoding: APIGatewayEventBuilder().eventJSON(
                for: HTTPRequest(method: "GET", target: "/"), sourceIp: "127.0.0.1", requestId: "r", now: Date()),
            as: UTF8.self)
        #expect(!text.contains("\"body\""))
        #expect(!text.contains("queryStringParameters"))
    }

    @Test("binary or untyped bodies are base64, textual ones are text")
    func bodies() {
        let builder = APIGatewayEventBuilder()
        func event(_ type: String?, _ body: [UInt8]) -> APIGatewayV2Event {
            var headers = HTTPHeaders()
            if let type { headers.add("Content-Type", type) }
            return builder.event(
                for: HTTPRequest(method: "POST", target: "/", headers: headers, body: body), sourceIp: "::1",
                requestId: "r", now: Date())
        }
        #expect(event("application/octet-stream", [0, 1, 2, 255]).body == "AAEC/w==")
        #expect(event("application/octet-stream", [0, 1, 2, 255]).isBase64Encoded)
        #expect(event(nil, Array("a=1".utf8)).isBase64Encoded)
        #expect(event("application/json; charset=utf-8", Array("{}".utf8)).body == "{}")
        #expect(event("text/plain", [0xff, 0xfe]).isBase64Encoded)  // not UTF-8
        #expect(event("application/vnd.api+json", Array("{}".utf8)).isBase64Encoded == false)
    }

    @Test(
        "dates in API Gateway's format",
        arguments: [
            (Int64(0), "01/Jan/1970:00:00:00 +0000"), (1_584_039_838, "12/Mar/2020:19:03:58 +0000"),
            (951_782_400, "29/Feb/2000:00:00:00 +0000"), (4_102_444_799, "31/Dec/2099:23:59:59 +0000"),
        ])
    func clfTime(seconds: Int64, text: String) {
        #expect(APIGatewayEventBuilder.clfTime(seconds) == text)
    }
}

@Suite("API Gateway responses")
struct APIGatewayResponseMapperTests {
    func map(_ json: String) -> HTTPResponse {
        APIGatewayResponseMapper.response(forPayload: Array(json.utf8))
    }

    @Test("a structured answer: status, headers, cookies as Set-Cookie, text body")
    func structured() {
        let response = map(
            #"{"statusCode":201,"headers":{"content-type":"application/json","x-count":3,"x-flag":true},"#
                + #""cookies":["a=1; Path=/","b=2"],"body":"{\"id\":1}"}"#)
        #expect(response.status == 201)
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.headers["x-count"] == "3")
        #expect(response.headers["x-flag"] == "true")
        #expect(response.headers.values("Set-Cookie") == ["a=1; Path=/", "b=2"])
        #expect(response.text == #"{"id":1}"#)
    }

    @Test("a base64 body is decoded")
    func base64() {
        let response = map(#"{"statusCode":200,"body":"AAEC/w==","isBase64Encoded":true}"#)
        #expect(response.body == [0, 1, 2, 255])
    }

    @Test(
        "an answer without statusCode is a 200 JSON body, as API Gateway does",
        arguments: [
            #"{"hello":"world"}"#, #""just text""#, "42", "[1,2]",
        ])
    func unstructured(json: String) {
        let response = map(json)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.text == json)
    }

    @Test(
        "invalid answers and failures are 502; a timeout is 504",
        arguments: [
            "not json", #"{"statusCode":"abc"}"#, #"{"statusCode":99}"#,
            #"{"statusCode":200,"body":"***","isBase64Encoded":true}"#,
        ])
    func failures(json: String) {
        #expect(map(json).status == 502)
    }

    @Test("outcomes other than an answer")
    func outcomes() {
        #expect(APIGatewayResponseMapper.response(for: .crashed(status: "signal 9")).status == 502)
        #expect(APIGatewayResponseMapper.response(for: .functionError(type: "E", message: "m")).status == 502)
        #expect(APIGatewayResponseMapper.response(for: .timedOut).status == 504)
        #expect(APIGatewayResponseMapper.response(for: .response(Array("{}".utf8))).status == 200)
    }

    @Test("multiValueHeaders is ignored and a missing body is empty")
    func noBody() {
        let response = map(#"{"statusCode":204,"multiValueHeaders":{"x":["1","2"]}}"#)
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        #expect(response.headers["x"] == nil)
    }
}
