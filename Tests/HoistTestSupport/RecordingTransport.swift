import Foundation
import HoistAWS

/// Passes every call through and records each exchange, to prove no call met a signature failure.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    /// One request and the start of its answer.
    public struct Exchange: Sendable {
        /// The request as sent.
        public var request: HTTPRequest
        /// The answer's status.
        public var status: Int
        /// The first 2000 bytes of the answer, as text.
        public var body: String
    }

    private let inner: any HTTPTransport
    private let lock = NSLock()
    private var recorded: [Exchange] = []

    /// Records what goes through `inner`.
    public init(_ inner: any HTTPTransport) { self.inner = inner }

    /// Sends through the inner transport and records the exchange.
    public func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        let response = try await inner.send(request, options: options)
        let exchange = Exchange(
            request: request, status: response.status,
            body: String(decoding: response.body.prefix(2000), as: UTF8.self))
        lock.withLock { recorded.append(exchange) }
        return response
    }

    /// Every exchange so far, in order.
    public var exchanges: [Exchange] { lock.withLock { recorded } }

    /// The exchanges whose answer is a signature or key refusal, as `METHOD url: body` lines.
    public var signatureFailures: [String] {
        exchanges.filter {
            $0.body.contains("SignatureDoesNotMatch") || $0.body.contains("InvalidSignature")
                || $0.body.contains("IncompleteSignature") || $0.body.contains("InvalidClientTokenId")
        }.map { "\($0.request.method) \($0.request.url): \($0.body)" }
    }

    /// How many calls went through.
    public var count: Int { lock.withLock { recorded.count } }

    /// The operations of the JSON-protocol calls so far (the last part of each `X-Amz-Target`), in order.
    public var targets: [String] {
        exchanges.compactMap { exchange in
            exchange.request.headers.first { $0.name.lowercased() == "x-amz-target" }?.value
                .split(separator: ".").last.map(String.init)
        }
    }
}
