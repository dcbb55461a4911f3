import Foundation

/// How one local invocation (`hoist invoke --local`) ended, and what the process wrote meanwhile.
public struct LocalInvocation: Sendable, Equatable {
    /// How it ended.
    public enum Outcome: Sendable, Equatable {
        /// The function answered: the bytes it posted to `/invocation/{id}/response`.
        case response([UInt8])
        /// The function reported an error to `/invocation/{id}/error`.
        case functionError(type: String, message: String)
        /// The runtime reported an error to `/init/error` (before taking the event, or instead of answering it).
        case initError(type: String, message: String)
        /// The process exited before answering (`exit status 3`, `signal 9`).
        case exited(status: String)
        /// No answer within the timeout; the process was killed.
        case timedOut(seconds: TimeInterval)
        /// ``LocalInvoker/cancel()`` stopped it (SIGINT or SIGTERM to hoist).
        case cancelled
    }

    /// The request id the event was handed out with (`Lambda-Runtime-Aws-Request-Id`).
    public var requestId: String
    /// How it ended.
    public var outcome: Outcome
    /// The process's standard output and standard error, interleaved as written, from its start to the outcome
    /// (not what it wrote while being stopped): the newest ``LocalInvoker/outputLimit`` bytes.
    public var output: [UInt8]
    /// How many earlier bytes of output were not kept.
    public var droppedOutputBytes: Int
    /// The process's id.
    public var processId: Int32
    /// From the process's start to the outcome, in seconds.
    public var duration: TimeInterval

    /// Creates a result.
    public init(
        requestId: String, outcome: Outcome, output: [UInt8], droppedOutputBytes: Int, processId: Int32,
        duration: TimeInterval
    ) {
        self.requestId = requestId
        self.outcome = outcome
        self.output = output
        self.droppedOutputBytes = droppedOutputBytes
        self.processId = processId
        self.duration = duration
    }
}
