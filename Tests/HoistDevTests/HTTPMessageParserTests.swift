import Foundation
import HoistDev
import Testing

@Suite("HTTP/1.1 parsing")
struct HTTPMessageParserTests {
    @Test("two pipelined requests, the first chunked, split at every byte boundary")
    func pipelinedChunked() throws {
        let bytes = try TestSupport.fixture("two_requests.http")
        for split in stride(from: 1, to: bytes.count, by: 7) {
            var parser = HTTPMessageParser(kind: .request)
            parser.append(bytes[..<split])
            var requests: [HTTPRequest] = []
            while let request = try parser.nextRequest() { requests.append(request) }
            parser.append(bytes[split...])
            while let request = try parser.nextRequest() { requests.append(request) }
            #expect(requests.count == 2)
            #expect(requests.first?.method == "POST")
            #expect(requests.first?.path == "/movies")
            #expect(requests.first?.query == "limit=2&genre=sci-fi&genre=drama&q=a+b%21")
            #expect(requests.first.map { String(decoding: $0.body, as: UTF8.self) } == #"{"title":"Dune"}"#)
            #expect(requests.first?.headers.values("x-multi") == ["one", "two"])
            #expect(requests.last?.target == "/health")
            #expect(requests.last?.body == [])
            #expect(!parser.hasPartialMessage)
        }
    }

    @Test("Content-Length bodies wait for all their bytes")
    func contentLength() throws {
        var parser = HTTPMessageParser(kind: .request)
        parser.append(Array("PUT /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nab".utf8))
        #expect(try parser.nextRequest() == nil)
        parser.append(Array("cde".utf8))
        let request = try #require(try parser.nextRequest())
        #expect(request.body == Array("abcde".utf8))
        #expect(request.keepsAlive)
    }

    @Test("Connection: close and HTTP/1.0 end the connection")
    func keepAlive() throws {
        var parser = HTTPMessageParser(kind: .request)
        parser.append(Array("GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET / HTTP/1.0\r\n\r\n".utf8))
        #expect(try parser.nextRequest()?.keepsAlive == false)
        #expect(try parser.nextRequest()?.keepsAlive == false)
    }

    @Test("Expect: 100-continue is reported until the body is there")
    func expectContinue() throws {
        var parser = HTTPMessageParser(kind: .request)
        parser.append(Array("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(try parser.nextRequest() == nil)
        #expect(parser.awaitsContinue)
        parser.append(Array("hi".utf8))
        #expect(try parser.nextRequest()?.body == Array("hi".utf8))
        #expect(!parser.awaitsContinue)
    }

    @Test(
        "malformed heads and oversized bodies are errors with a code",
        arguments: [
            ("GARBAGE\r\n\r\n", DevServerError.Code.malformedHTTP),
            ("GET / HTTP/1.1\r\nNo colon here\r\n\r\n", .malformedHTTP),
            ("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", .malformedHTTP),
            ("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", .messageTooLarge),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .malformedHTTP),
        ])
    func malformed(text: String, code: DevServerError.Code) {
        var parser = HTTPMessageParser(kind: .request)
        parser.append(Array(text.utf8))
        #expect(throws: DevServerError.self) { try parser.nextRequest() }
        do {
            _ = try parser.nextRequest()
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("responses serialize with Content-Length, without CR/LF injection, and parse back")
    func responseRoundTrip() throws {
        var response = HTTPResponse.json(201, #"{"ok":true}"#)
        response.headers.add("X-Evil", "a\r\nSet-Cookie: injected=1")
        response.headers.add("Content-Length", "999")
        var parser = HTTPMessageParser(kind: .response)
        parser.append(response.serialized(keepAlive: false))
        let parsed = try #require(try parser.nextResponse())
        #expect(parsed.status == 201)
        #expect(parsed.headers["Content-Length"] == "11")
        #expect(parsed.headers["X-Evil"] == "aSet-Cookie: injected=1")
        #expect(parsed.headers.values("Set-Cookie").isEmpty)
        #expect(parsed.headers["Connection"] == "close")
        #expect(parsed.body == Array(#"{"ok":true}"#.utf8))
    }
}

@Suite("Runtime API routes")
struct RuntimeAPIRouteTests {
    @Test(
        "the four endpoints and what is not one",
        arguments: [
            ("GET", "/2018-06-01/runtime/invocation/next", RuntimeAPIRoute.next),
            ("POST", "/2018-06-01/runtime/invocation/abc-1/response", .response(requestId: "abc-1")),
            ("POST", "/2018-06-01/runtime/invocation/abc-1/error", .error(requestId: "abc-1")),
            ("POST", "/2018-06-01/runtime/init/error", .initError),
            ("POST", "/2018-06-01/runtime/invocation/next", .unknown),
            ("GET", "/2018-06-01/runtime/invocation/abc/response", .unknown),
            ("POST", "/2018-06-01/runtime/invocation//response", .unknown),
            ("GET", "/2020-01-01/runtime/invocation/next", .unknown),
            ("GET", "/", .unknown),
        ])
    func routes(method: String, target: String, route: RuntimeAPIRoute) {
        #expect(RuntimeAPIRoute(method: method, target: target) == route)
    }
}

@Suite("Latency percentiles")
struct LatencyRecorderTests {
    @Test("nearest-rank p50 and p99, and 5xx counted")
    func percentiles() {
        let recorder = LatencyRecorder()
        for value in 1...100 { recorder.record(milliseconds: Double(value), status: value == 100 ? 502 : 200) }
        #expect(recorder.percentile(50) == 50)
        #expect(recorder.percentile(99) == 99)
        #expect(recorder.percentile(100) == 100)
        #expect(recorder.summary() == "100 requests, 1 5xx, p50 50.00 ms, p99 99.00 ms")
        #expect(LatencyRecorder().summary() == "0 requests")
        #expect(LatencyRecorder.percentile(99, ofSorted: [7]) == 7)
    }
}
