#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A client of the Lambda Runtime API (version 2018-06-01): next, response, error, init error.
public struct LambdaRuntimeClient: Sendable {
    /// The transport the calls go through.
    public let transport: any RuntimeTransport

    private static let prefix = "/2018-06-01/runtime"

    /// Creates a client over a transport.
    public init(transport: any RuntimeTransport) {
        self.transport = transport
    }

    /// Waits for the next invocation.
    public func next() async throws -> Invocation {
        let response = try await call("GET", "\(Self.prefix)/invocation/next", body: nil, longPoll: true)
        guard let requestId = response.header("Lambda-Runtime-Aws-Request-Id"), !requestId.isEmpty else {
            throw RuntimeError(.malformedInvocation, "next: no Lambda-Runtime-Aws-Request-Id")
        }
        let deadline = response.header("Lambda-Runtime-Deadline-Ms").flatMap { Int64($0) } ?? 0
        return Invocation(
            requestId: requestId, deadlineMilliseconds: deadline,
            invokedFunctionArn: response.header("Lambda-Runtime-Invoked-Function-Arn"),
            traceId: response.header("Lambda-Runtime-Trace-Id"), event: response.body)
    }

    /// Sends the answer of an invocation.
    public func respond(requestId: String, body: [UInt8]) async throws {
        _ = try await call("POST", "\(Self.prefix)/invocation/\(requestId)/response", body: body)
    }

    /// Reports that an invocation failed.
    public func reportError(requestId: String, type: String, message: String) async throws {
        _ = try await call(
            "POST", "\(Self.prefix)/invocation/\(requestId)/error", body: Self.errorBody(type: type, message: message),
            errorType: type)
    }

    /// Reports that initialization failed; Lambda then stops the execution environment.
    public func reportInitError(type: String, message: String) async throws {
        _ = try await call(
            "POST", "\(Self.prefix)/init/error", body: Self.errorBody(type: type, message: message), errorType: type)
    }

    /// The Runtime API's error document: `{"errorMessage":…,"errorType":…}`.
    public static func errorBody(type: String, message: String) -> [UInt8] {
        struct ErrorDocument: Encodable {
            var errorMessage: String
            var errorType: String
        }
        return (try? Array(JSONEncoder().encode(ErrorDocument(errorMessage: message, errorType: type)))) ?? []
    }

    private func call(
        _ method: String, _ path: String, body: [UInt8]?, longPoll: Bool = false, errorType: String? = nil
    ) async throws -> RuntimeHTTPResponse {
        var headers: [(name: String, value: String)] = []
        if let errorType { headers.append(("Lambda-Runtime-Function-Error-Type", errorType)) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response: RuntimeHTTPResponse
        do {
            response = try await transport.send(
                method: method, path: path, headers: headers, body: body, longPoll: longPoll)
        } catch {
            throw RuntimeError(.transport, "\(method) \(path) failed", underlying: error)
        }
        guard (200..<300).contains(response.status) else {
            throw RuntimeError(.unexpectedStatus, "\(method) \(path) answered \(response.status)")
        }
        return response
    }
}
