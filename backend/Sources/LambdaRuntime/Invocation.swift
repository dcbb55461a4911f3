/// One invocation handed out by the Runtime API's `next` call.
public struct Invocation: Sendable, Equatable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    public var requestId: String
    /// `Lambda-Runtime-Deadline-Ms`: the deadline in epoch milliseconds.
    public var deadlineMilliseconds: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    public var invokedFunctionArn: String?
    /// `Lambda-Runtime-Trace-Id`, exported as `_X_AMZN_TRACE_ID` while the invocation runs.
    public var traceId: String?
    /// The event's bytes.
    public var event: [UInt8]

    /// Creates an invocation.
    public init(
        requestId: String, deadlineMilliseconds: Int64, invokedFunctionArn: String? = nil, traceId: String? = nil,
        event: [UInt8]
    ) {
        self.requestId = requestId
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionArn = invokedFunctionArn
        self.traceId = traceId
        self.event = event
    }
}
