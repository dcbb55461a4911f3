#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Handles one event's bytes and returns the answer's bytes; a thrown error fails that invocation only.
public typealias LambdaHandler = @Sendable (_ event: [UInt8], _ invocation: Invocation) async throws -> [UInt8]

/// The custom-runtime loop: initialize once, then next → handle → response or error, forever.
public struct LambdaRuntimeLoop: Sendable {
    /// The Runtime API client.
    public let client: LambdaRuntimeClient

    /// Creates a loop over a client.
    public init(client: LambdaRuntimeClient) {
        self.client = client
    }

    /// Runs `initialize` (an error is reported as an init error and rethrown), then serves invocations.
    ///
    /// - Parameter maxInvocations: stop after this many (tests); nil serves until the Runtime API fails.
    /// - Returns: the number of invocations served.
    @discardableResult
    public func run(
        maxInvocations: Int? = nil, initialize: @Sendable () async throws -> LambdaHandler
    ) async throws -> Int {
        let handler: LambdaHandler
        do {
            handler = try await initialize()
        } catch {
            try await client.reportInitError(type: Self.errorType(error), message: "\(error)")
            throw error
        }
        var served = 0
        while maxInvocations.map({ served < $0 }) ?? true {
            let invocation = try await client.next()
            Self.setTraceId(invocation.traceId)
            do {
                let answer = try await handler(invocation.event, invocation)
                try await client.respond(requestId: invocation.requestId, body: answer)
            } catch let error as RuntimeError {
                throw error
            } catch {
                try await client.reportError(
                    requestId: invocation.requestId, type: Self.errorType(error), message: "\(error)")
            }
            served += 1
        }
        return served
    }

    /// The error type reported to Lambda: the Swift type's name.
    static func errorType(_ error: any Error) -> String {
        String(describing: type(of: error))
    }

    /// Sets `_X_AMZN_TRACE_ID` for the invocation (or removes it when the invocation carries none).
    static func setTraceId(_ traceId: String?) {
        if let traceId {
            setenv("_X_AMZN_TRACE_ID", traceId, 1)
        } else {
            unsetenv("_X_AMZN_TRACE_ID")
        }
    }
}
