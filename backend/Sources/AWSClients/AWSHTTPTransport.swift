import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The network edge of the AWS clients: one HTTP exchange.
public protocol AWSHTTPTransport: Sendable {
    /// Sends a request and returns status, headers and body.
    func send(
        method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]
    ) async throws -> (status: Int, headers: [(name: String, value: String)], body: [UInt8])
}

/// `AWSHTTPTransport` over async-http-client.
public struct AsyncHTTPAWSTransport: AWSHTTPTransport {
    /// The client.
    public let client: HTTPClient
    /// The timeout of one exchange, in seconds.
    public let timeoutSeconds: Int64

    /// Creates a transport.
    public init(client: HTTPClient = .shared, timeoutSeconds: Int64 = 10) {
        self.client = client
        self.timeoutSeconds = timeoutSeconds
    }

    /// Sends a request.
    public func send(
        method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]
    ) async throws -> (status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(timeoutSeconds))
        let buffer = try await response.body.collect(upTo: 32 * 1024 * 1024)
        return (
            Int(response.status.code), response.headers.map { ($0.name, $0.value) }, Array(buffer.readableBytesView)
        )
    }
}
