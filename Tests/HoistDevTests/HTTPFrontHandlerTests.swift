import Foundation
import HoistDev
import Testing

/// An invoker that records the payload and answers with a fixed outcome.
final class FakeInvoker: FunctionInvoking, @unchecked Sendable {
    let outcome: InvocationOutcome
    private let lock = NSLock()
    private var payloads: [[UInt8]] = []

    init(_ outcome: InvocationOutcome) { self.outcome = outcome }

    func invoke(requestId: String, payload: [UInt8], timeout: TimeInterval) -> InvocationOutcome {
        lock.lock()
        payloads.append(payload)
        lock.unlock()
        return outcome
    }

    var received: [[UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return payloads
    }
}

/// A byte stream over fixed input that collects what is written.
final class MemoryStream: ByteStream, @unchecked Sendable {
    private var input: [[UInt8]]
    private(set) var output: [UInt8] = []
    private(set) var closed = false
    let peerAddress = "127.0.0.1"

    init(chunks: [[UInt8]]) { input = chunks }

    func read(into buffer: inout [UInt8]) -> Int {
        guard !input.isEmpty else { return 0 }
        let chunk = input.removeFirst()
        buffer.append(contentsOf: chunk)
        return chunk.count
    }

    func write(_ bytes: [UInt8]) -> Bool {
        output += bytes
        return true
    }

    func close() { closed = true }
}

@Suite("HTTP front without sockets")
struct HTTPFrontHandlerTests {
    @Test("a request becomes an event, and the function's answer the response")
    func handler() throws {
        let invoker = FakeInvoker(.response(Array(#"{"statusCode":418,"body":"teapot"}"#.utf8)))
        let handler = HTTPFrontHandler(invoker: invoker, timeout: 3)
        let response = handler.respond(
            to: HTTPRequest(method: "GET", target: "/tea?x=1"), sourceIp: "127.0.0.1", requestId: "id-1")
        #expect(response.status == 418)
        #expect(response.text == "teapot")
        #expect(response.headers["Apigw-Requestid"] == "id-1")
        let event = try JSONDecoder().decode(APIGatewayV2Event.self, from: Data(try #require(invoker.received.first)))
        #expect(event.rawPath == "/tea")
        #expect(event.queryStringParameters == ["x": "1"])
        #expect(event.requestContext.requestId == "id-1")
    }

    @Test("a connection serves pipelined keep-alive requests and sends 100 Continue when asked")
    func connectionLoop() throws {
        let invoker = FakeInvoker(.response(Array(#"{"ok":1}"#.utf8)))
        let front = HTTPFrontHandler(invoker: invoker, timeout: 3)
        let stream = MemoryStream(chunks: [
            Array("POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8),
            Array("hiGET /b HTTP/1.1\r\n\r\n".utf8),
        ])
        HTTPConnectionLoop.serve(stream) { front.respond(to: $0, sourceIp: "127.0.0.1", requestId: "r") }
        let text = String(decoding: stream.output, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"))
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
        #expect(invoker.received.count == 2)
        #expect(stream.closed)
    }

    @Test("a malformed request is answered 400 and the connection closed")
    func badRequest() {
        let stream = MemoryStream(chunks: [Array("NONSENSE\r\n\r\n".utf8)])
        HTTPConnectionLoop.serve(stream) { _ in
            Issue.record("no request expected"); return nil
        }
        #expect(String(decoding: stream.output, as: UTF8.self).hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(stream.closed)
    }
}
