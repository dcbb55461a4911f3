/// How one invocation ended.
public enum InvocationOutcome: Sendable, Equatable {
    /// The function answered (the bytes it posted to `/response`).
    case response([UInt8])
    /// The function reported an error (`/error`): its type and message.
    case functionError(type: String, message: String)
    /// The process serving it exited before answering.
    case crashed(status: String)
    /// No answer within the function's timeout; the process was killed.
    case timedOut
    /// The server is stopping.
    case cancelled
}
