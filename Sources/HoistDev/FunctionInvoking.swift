import Foundation

/// Something that runs an event through the function and waits for how it ended: the HTTP front's edge.
public protocol FunctionInvoking: Sendable {
    /// Runs one invocation; returns its outcome, `.timedOut` after `timeout` seconds.
    func invoke(requestId: String, payload: [UInt8], timeout: TimeInterval) -> InvocationOutcome
}
