import Foundation
import Testing

@testable import LambdaRuntime

@Suite struct SocketRuntimeTransportTests {
    /// Reads a canned response through a socket pair.
    func read(_ raw: String) throws -> RuntimeHTTPResponse {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        try SocketRuntimeTransport.writeAll(fds[1], Array(raw.utf8))
        var reader = Reader(fd: fds[0])
        return try reader.readResponse()
    }

    @Test func readsContentLengthResponses() throws {
        let response = try read(
            "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: abc\r\nContent-Length: 5\r\n\r\nhello")
        #expect(response.status == 200)
        #expect(response.header("lambda-runtime-aws-request-id") == "abc")
        #expect(response.body == Array("hello".utf8))
    }

    @Test func readsChunkedResponses() throws {
        let response = try read(
            "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n")
        #expect(response.status == 202)
        #expect(response.body == Array("abcde".utf8))
    }

    @Test func rejectsGarbage() {
        #expect(throws: RuntimeError.self) { try read("SSH-2.0-OpenSSH\r\n\r\n") }
    }

    @Test func encodesRequests() {
        let bytes = SocketRuntimeTransport.encode(
            method: "POST", path: "/2018-06-01/runtime/invocation/x/response", host: "127.0.0.1:9001",
            headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "POST /2018-06-01/runtime/invocation/x/response HTTP/1.1\r\nHost: 127.0.0.1:9001\r\n"
                + "User-Agent: hoist-backend\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
    }

    @Test func splitsTheEndpoint() {
        let transport = SocketRuntimeTransport(endpoint: "127.0.0.1:9001")
        #expect(transport.host == "127.0.0.1")
        #expect(transport.port == "9001")
    }

    @Test func connectionRefusedIsATransportError() async {
        let transport = SocketRuntimeTransport(endpoint: "127.0.0.1:1")
        await #expect(throws: RuntimeError.self) {
            _ = try await transport.send(method: "GET", path: "/", headers: [], body: nil, longPoll: false)
        }
    }
}
