import Foundation

/// Whether Lambda returns the end of the function's log with a synchronous invocation (Invoke's `LogType`).
public enum LambdaLogType: String, Sendable, Equatable {
    /// No log.
    case none = "None"
    /// The last 4 KB of the log, base64-encoded, in `X-Amz-Log-Result`.
    case tail = "Tail"
}

/// A synchronous invocation's answer: the payload and what the headers say about the run.
public struct LambdaInvocation: Sendable, Equatable {
    /// The HTTP status (200 for a synchronous invocation, a function error included).
    public var statusCode: Int
    /// The function's response, or its error document when ``functionError`` is set.
    public var payload: [UInt8]
    /// `Unhandled` (or the legacy `Handled`) when the function failed; nil when it returned.
    public var functionError: String?
    /// `X-Amz-Log-Result`: base64 of the log's last 4 KB, with ``LambdaLogType/tail``.
    public var logResult: String?
    /// The version that ran (`$LATEST` or a number): an alias with routing weights may run either of two.
    public var executedVersion: String?
    /// Lambda's request id.
    public var requestId: String?

    /// Creates an answer.
    public init(
        statusCode: Int, payload: [UInt8], functionError: String? = nil, logResult: String? = nil,
        executedVersion: String? = nil, requestId: String? = nil
    ) {
        self.statusCode = statusCode
        self.payload = payload
        self.functionError = functionError
        self.logResult = logResult
        self.executedVersion = executedVersion
        self.requestId = requestId
    }
}

extension Lambda {
    /// How long a synchronous invocation may take: the longest function timeout (900 s) and a minute more.
    public static let invokeTimeout: Double = 960

    /// Invoke, synchronously (`RequestResponse`): runs the function on `qualifier` (a version, an alias, or
    /// `$LATEST` when nil) with `payload` as the event.
    ///
    /// Why no ordinary retries: a 5xx or a broken connection may come after the function ran, and running it again
    /// repeats its side effects. Only answers that prove it did not run (throttling, 429; a refused connection) are
    /// tried again, with the client's back-off; the transport never resends on its own.
    public func invoke(
        functionName: String, qualifier: String? = nil, payload: [UInt8], logType: LambdaLogType = .none
    ) async throws -> LambdaInvocation {
        var headers = [HTTPHeader("X-Amz-Invocation-Type", "RequestResponse")]
        if logType == .tail { headers.append(HTTPHeader("X-Amz-Log-Type", logType.rawValue)) }
        let request = AWSRequest(
            service: .lambda, operation: "Invoke", method: "POST", path: functionPath(functionName, "/invocations"),
            query: qualifier.map { [("Qualifier", $0)] } ?? [], headers: headers, body: .bytes(payload),
            options: HTTPRequestOptions(totalTimeout: Self.invokeTimeout, resendOnDeadConnection: false))
        let once = client.with(retry: RetryStrategy(maxAttempts: 1))
        var attempt = 0
        while true {
            attempt += 1
            do {
                let response = try await once.send(request)
                return LambdaInvocation(
                    statusCode: response.status, payload: response.body,
                    functionError: response.header("X-Amz-Function-Error"),
                    logResult: response.header("X-Amz-Log-Result"),
                    executedVersion: response.header("X-Amz-Executed-Version"),
                    requestId: response.header("x-amzn-RequestId"))
            } catch var error as AWSError {
                guard attempt < client.retry.maxAttempts, Self.didNotRun(error) else {
                    error.attempts = attempt
                    throw error
                }
                try await client.sleep(client.retry.delay(afterAttempt: attempt, random: client.random()))
            }
        }
    }

    /// Whether an Invoke error proves the function did not run: throttled, or no connection made.
    static func didNotRun(_ error: AWSError) -> Bool {
        if let transport = error.underlying as? TransportError { return transport.code == .connectFailed }
        return error.status == 429 || RetryStrategy.throttlingCodes.contains(error.code)
    }
}
