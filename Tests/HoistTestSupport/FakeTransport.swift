import Foundation
import HoistAWS

/// An in-memory ``HTTPTransport``: answers from a script, one step per call, and records every request.
public final class FakeTransport: HTTPTransport, @unchecked Sendable {
    /// What one call does.
    public enum Step: Sendable {
        /// Answers with this response.
        case respond(HTTPResponse)
        /// Throws this transport error.
        case fail(TransportError)
        /// Computes the answer from the request (routing fakes).
        case handle(@Sendable (HTTPRequest) throws -> HTTPResponse)
    }

    private let lock = NSLock()
    private var script: [Step]
    private let otherwise: Step?
    private var recorded: [HTTPRequest] = []
    private var recordedOptions: [HTTPRequestOptions] = []

    /// A transport that plays `script` in order, then `otherwise` for every further call (or fails).
    public init(_ script: [Step] = [], otherwise: Step? = nil) {
        self.script = script
        self.otherwise = otherwise
    }

    /// A transport that answers every call through `handler`.
    public convenience init(handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
        self.init([], otherwise: .handle(handler))
    }

    /// Appends steps to the script.
    public func enqueue(_ steps: Step...) {
        lock.withLock { script += steps }
    }

    /// Every request received, in order.
    public var requests: [HTTPRequest] { lock.withLock { recorded } }

    /// The options of every request received, in order.
    public var options: [HTTPRequestOptions] { lock.withLock { recordedOptions } }

    /// How many requests were received.
    public var callCount: Int { lock.withLock { recorded.count } }

    /// Records the request, then plays the next step of the script.
    public func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        let step: Step? = lock.withLock {
            recorded.append(request)
            recordedOptions.append(options)
            return script.isEmpty ? otherwise : script.removeFirst()
        }
        switch step {
        case .respond(let response):
            return response
        case .fail(let error):
            throw error
        case .handle(let handler):
            return try handler(request)
        case nil:
            throw TransportError(
                code: .other, message: "FakeTransport: no scripted answer for \(request.method)", url: request.url)
        }
    }
}
