/// The network edge of the AWS clients: one HTTP exchange.
public protocol AWSHTTPTransport: Sendable {
    /// Sends a request and returns status, headers and body.
    func send(
        method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]
    ) async throws -> (status: Int, headers: [(name: String, value: String)], body: [UInt8])
}
