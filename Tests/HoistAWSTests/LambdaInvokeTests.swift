import Foundation
import HoistAWS
import HoistTestSupport
import Testing

/// `Lambda.invoke`: the request as botocore's model has it, the answer's headers, and what is tried again.
@Suite("Lambda Invoke client")
struct LambdaInvokeTests {
    static let answered = HTTPResponse.text(
        200, #"{"ok":true}"#,
        headers: [
            HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-Amz-Executed-Version", "7"),
            HTTPHeader("X-Amz-Log-Result", "U1RBUlQK"), HTTPHeader("x-amzn-RequestId", "req-1"),
        ])

    @Test("POST …/functions/NAME/invocations?Qualifier=, RequestResponse, Tail, the payload as the raw body")
    func request() async throws {
        let transport = FakeTransport([.respond(Self.answered)])
        let payload = Array(#"{"path":"/a b"}"#.utf8)
        let answer = try await Lambda(client: TestSupport.client(transport)).invoke(
            functionName: "shop-dev", qualifier: "live", payload: payload, logType: .tail)
        let sent = try #require(transport.requests.first)
        #expect(sent.method == "POST")
        #expect(
            sent.url
                == "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/shop-dev/invocations?Qualifier=live")
        #expect(sent.header("X-Amz-Invocation-Type") == "RequestResponse")
        #expect(sent.header("X-Amz-Log-Type") == "Tail")
        #expect(sent.header("Content-Type") == nil, "botocore sends a blob payload without a content type")
        #expect(sent.body == .bytes(payload))
        #expect(sent.header("Authorization")?.contains("/eu-west-1/lambda/aws4_request") == true)
        let options = try #require(transport.options.first)
        #expect(options.totalTimeout == Lambda.invokeTimeout)
        #expect(!options.resendOnDeadConnection)
        #expect(
            answer
                == LambdaInvocation(
                    statusCode: 200, payload: Array(#"{"ok":true}"#.utf8), logResult: "U1RBUlQK", executedVersion: "7",
                    requestId: "req-1"))
    }

    @Test("$LATEST is percent-encoded in the query; no qualifier and no Tail send neither")
    func qualifiers() async throws {
        let transport = FakeTransport([], otherwise: .respond(Self.answered))
        let lambda = Lambda(client: TestSupport.client(transport))
        _ = try await lambda.invoke(functionName: "shop-dev", qualifier: "$LATEST", payload: [])
        _ = try await lambda.invoke(functionName: "shop-dev", payload: Array("{}".utf8))
        let requests = transport.requests
        #expect(requests[0].url.hasSuffix("/invocations?Qualifier=%24LATEST"))
        #expect(requests[1].url.hasSuffix("/functions/shop-dev/invocations"))
        #expect(requests.allSatisfy { $0.header("X-Amz-Log-Type") == nil })
    }

    @Test("a function error is an answer: X-Amz-Function-Error and the error document, no throw")
    func functionError() async throws {
        let transport = FakeTransport([
            .respond(
                .text(
                    200, #"{"errorType":"Boom","errorMessage":"no"}"#,
                    headers: [HTTPHeader("X-Amz-Function-Error", "Unhandled")]))
        ])
        let answer = try await Lambda(client: TestSupport.client(transport)).invoke(
            functionName: "f", payload: Array("{}".utf8))
        #expect(answer.functionError == "Unhandled")
        #expect(String(decoding: answer.payload, as: UTF8.self).contains("Boom"))
    }

    @Test("404 is an AWSError with the operation, Lambda's code and the request id")
    func notFound() async throws {
        let transport = FakeTransport([
            .respond(
                try .fixture(
                    404, "errors/restjson-lambda-not-found.json",
                    headers: [
                        HTTPHeader("x-amzn-ErrorType", "ResourceNotFoundException"),
                        HTTPHeader("x-amzn-RequestId", "req-404"),
                    ]))
        ])
        let error = await #expect(throws: AWSError.self) {
            try await Lambda(client: TestSupport.client(transport)).invoke(
                functionName: "shop-dev", qualifier: "live", payload: Array("{}".utf8))
        }
        #expect(error?.operation == "Invoke")
        #expect(error?.code == "ResourceNotFoundException")
        #expect(error?.requestId == "req-404")
        #expect(error?.isNotFound == true)
        #expect(transport.callCount == 1)
    }

    @Test("throttling (429) and a refused connection are tried again: the function did not run")
    func retriesWhatDidNotRun() async throws {
        let throttled = try HTTPResponse.fixture(
            429, "errors/restjson-lambda-too-many-requests.json",
            headers: [HTTPHeader("x-amzn-ErrorType", "TooManyRequestsException")])
        let transport = FakeTransport([
            .respond(throttled), .fail(TransportError(code: .connectFailed, message: "refused", url: "u")),
            .respond(Self.answered),
        ])
        let sleeps = SleepRecorder()
        let answer = try await Lambda(client: TestSupport.client(transport, sleeps: sleeps)).invoke(
            functionName: "f", payload: Array("{}".utf8))
        #expect(answer.executedVersion == "7")
        #expect(transport.callCount == 3)
        #expect(sleeps.delays.count == 2)
    }

    @Test(
        "a 5xx, a reset or a timeout is not tried again: the function may have run",
        arguments: [
            FakeTransport.Step.respond(.text(500, #"{"message":"internal"}"#)),
            .respond(.text(502, "bad gateway")),
            .fail(TransportError(code: .connectionReset, message: "reset", url: "u")),
            .fail(TransportError(code: .timedOut, message: "timed out", url: "u")),
        ])
    func noRetryAfterItMayHaveRun(_ step: FakeTransport.Step) async throws {
        let transport = FakeTransport([step], otherwise: .respond(Self.answered))
        await #expect(throws: AWSError.self) {
            try await Lambda(client: TestSupport.client(transport)).invoke(functionName: "f", payload: [])
        }
        #expect(transport.callCount == 1)
    }
}
