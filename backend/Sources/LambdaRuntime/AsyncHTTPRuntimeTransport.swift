import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The Runtime API transport over async-http-client (plain HTTP to `AWS_LAMBDA_RUNTIME_API`).
public struct AsyncHTTPRuntimeTransport: RuntimeTransport {
    /// The client that carries the requests.
    public let client: HTTPClient
    /// `host:port` of the Runtime API.
    public let endpoint: String

    /// Creates a transport for `endpoint` (`host:port`, as in `AWS_LAMBDA_RUNTIME_API`).
    public init(endpoint: String, client: HTTPClient = .shared) {
        self.client = client
        self.endpoint = endpoint
    }

    /// Sends one request; a long poll waits up to a day, anything else 30 seconds.
    public func send(
        method: String, path: String, headers: [(name: String, value: String)], body: [UInt8]?, longPoll: Bool
    ) async throws -> RuntimeHTTPResponse {
        var request = HTTPClientRequest(url: "http://\(endpoint)\(path)")
        request.method = HTTPMethod(rawValue: method)
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: longPoll ? .hours(24) : .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return RuntimeHTTPResponse(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: Array(buffer.readableBytesView))
    }
}
