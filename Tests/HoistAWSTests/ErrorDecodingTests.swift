import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@Suite("Error decoding")
struct ErrorDecodingTests {
    func request(_ service: AWSService, _ operation: String, method: String = "POST") -> AWSRequest {
        AWSRequest(service: service, operation: operation, method: method, path: "/")
    }

    @Test("json 1.0: __type with a com.amazonaws…# prefix gives the bare name")
    func json10() throws {
        let error = AWSErrorDecoder.decode(
            try .fixture(
                400, "errors/json10-throttling.json",
                headers: [HTTPHeader("x-amzn-RequestId", "JSON10REQUESTID")]),
            for: request(.dynamoDB, "PutItem"))
        #expect(error.code == "ThrottlingException")
        #expect(error.message == "Rate of requests exceeds the allowed throughput.")
        #expect(error.status == 400)
        #expect(error.requestId == "JSON10REQUESTID")
        #expect(error.service == "dynamodb")
        #expect(error.operation == "PutItem")
        #expect(!error.isNotFound)
    }

    @Test("json 1.1: a bare __type and a capitalised Message")
    func json11() throws {
        let error = AWSErrorDecoder.decode(
            try .fixture(400, "errors/json11-not-found.json"), for: request(.secretsManager, "GetSecretValue"))
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message == "Secrets Manager can't find the specified secret.")
        #expect(error.isNotFound)
        #expect(error.requestId == nil)
    }

    @Test("rest-json: the x-amzn-ErrorType header `Name:http://…` wins over the body")
    func restJSONHeader() throws {
        let error = AWSErrorDecoder.decode(
            try .fixture(
                409, "errors/restjson-conflict.json",
                headers: [
                    HTTPHeader(
                        "X-Amzn-Errortype",
                        "ResourceConflictException:http://internal.amazon.com/coral/com.amazonaws.lambda/"),
                    HTTPHeader("X-Amzn-RequestId", "b0e91dc8-3807-11e2-83c6-5912bf8ad066"),
                ]),
            for: request(.lambda, "CreateFunction"))
        #expect(error.code == "ResourceConflictException")
        #expect(error.message == "Function already exist: hoist-api")
        #expect(error.status == 409)
        #expect(error.requestId == "b0e91dc8-3807-11e2-83c6-5912bf8ad066")
    }

    @Test("rest-json: a body __type is read when no header names the error")
    func restJSONBodyType() throws {
        let error = AWSErrorDecoder.decode(
            try .fixture(404, "errors/restjson-apigateway-not-found.json"),
            for: request(.apiGatewayV2, "GetApi", method: "GET"))
        #expect(error.code == "NotFoundException")
        #expect(error.message == "Invalid API identifier specified 123456789012:abc123")
        #expect(error.isNotFound)
    }

    @Test("query: <ErrorResponse><Error><Code>, <Message> and the body's <RequestId>")
    func query() throws {
        let error = AWSErrorDecoder.decode(
            try .fixture(404, "errors/query-no-such-entity.xml"), for: request(.iam, "GetRole"))
        #expect(error.code == "NoSuchEntity")
        #expect(error.message == "The role with name hoist-api-role cannot be found.")
        #expect(error.requestId == "0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5")
        #expect(error.isNotFound)
    }

    @Test("rest-xml (S3): a root <Error> with its own <RequestId>; the header wins when present")
    func restXML() throws {
        let fromBody = AWSErrorDecoder.decode(
            try .fixture(404, "errors/s3-no-such-key.xml"), for: request(.s3, "GetObject", method: "GET"))
        #expect(fromBody.code == "NoSuchKey")
        #expect(fromBody.message == "The specified key does not exist.")
        #expect(fromBody.requestId == "4442587FB7D0A2F9")
        #expect(fromBody.isNotFound)

        let fromHeader = AWSErrorDecoder.decode(
            try .fixture(404, "errors/s3-no-such-key.xml", headers: [HTTPHeader("x-amz-request-id", "HEADERID")]),
            for: request(.s3, "GetObject", method: "GET"))
        #expect(fromHeader.requestId == "HEADERID")
    }

    @Test("a HEAD 404 with no body is NotFound", arguments: [AWSService.s3, .lambda, .iam])
    func headNotFound(service: AWSService) {
        let error = AWSErrorDecoder.decode(
            HTTPResponse(status: 404, headers: [HTTPHeader("x-amz-request-id", "HEADREQ")]),
            for: request(service, "HeadObject", method: "HEAD"))
        #expect(error.code == "NotFound")
        #expect(error.isNotFound)
        #expect(error.message == "")
        #expect(error.requestId == "HEADREQ")
    }

    @Test(
        "an HTML 502 from a proxy keeps the status, falls back to a generic code and is retryable",
        arguments: [AWSService.lambda, .s3, .sts])
    func htmlBadGateway(service: AWSService) throws {
        let error = AWSErrorDecoder.decode(
            try .fixture(502, "errors/gateway-502.html"), for: request(service, "Anything"))
        #expect(error.status == 502)
        #expect(error.code == "HTTP502")
        #expect(error.message.contains("502 Bad Gateway"))
        #expect(RetryStrategy().isRetryable(error))
        #expect(!error.isNotFound)
    }

    @Test("status fallbacks when the body names no code")
    func statusFallbacks() {
        let expected = [
            400: "BadRequest", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 412: "PreconditionFailed",
            429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable", 418: "HTTP418",
        ]
        for (status, code) in expected {
            let error = AWSErrorDecoder.decode(HTTPResponse(status: status), for: request(.lambda, "Invoke"))
            #expect(error.code == code, "HTTP \(status)")
            #expect(error.status == status)
        }
    }

    @Test("the request id comes from x-amzn-RequestId, x-amz-request-id or x-amzn-request-id")
    func requestIdHeaders() {
        for name in ["x-amzn-RequestId", "X-AMZ-REQUEST-ID", "x-amzn-request-id"] {
            let error = AWSErrorDecoder.decode(
                HTTPResponse(status: 500, headers: [HTTPHeader(name, "RID-\(name)")]),
                for: request(.dynamoDB, "Query"))
            #expect(error.requestId == "RID-\(name)")
        }
    }

    @Test("description names service, operation, code, status, message and request id")
    func description() throws {
        let error = AWSErrorDecoder.decode(
            try .fixture(404, "errors/query-no-such-entity.xml"), for: request(.iam, "GetRole"))
        let text = String(describing: error)
        #expect(text.contains("iam"))
        #expect(text.contains("GetRole"))
        #expect(text.contains("NoSuchEntity"))
        #expect(text.contains("HTTP 404"))
        #expect(text.contains("0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5"))
        #expect(!text.contains("after"))
        let none = AWSError(
            service: "s3", operation: "PutObject", status: 0, code: "TransportError.timedOut", message: "")
        #expect(none.description == "s3 PutObject failed: TransportError.timedOut [request id none]")
    }

    @Test("errors come out of the client with service, operation and request id filled in")
    func throughClient() async throws {
        let transport = FakeTransport([.respond(try .fixture(404, "errors/query-no-such-entity.xml"))])
        let error = try await #require(throws: AWSError.self) {
            _ = try await IAM(client: TestSupport.client(transport)).getRole(name: "hoist-api-role")
        }
        #expect(error.service == "iam")
        #expect(error.operation == "GetRole")
        #expect(error.code == "NoSuchEntity")
        #expect(error.attempts == 1)
    }

    @Test("an unreadable 200 answer is an InvalidResponse error, not a crash")
    func unreadableSuccess() async throws {
        let transport = FakeTransport([
            .respond(.text(200, "<GetCallerIdentityResponse>", headers: [HTTPHeader("x-amzn-RequestId", "R1")]))
        ])
        let error = try await #require(throws: AWSError.self) {
            _ = try await STS(client: TestSupport.client(transport)).getCallerIdentity()
        }
        #expect(error.code == "InvalidResponse")
        #expect(error.requestId == "R1")
        #expect(error.status == 200)
    }
}
