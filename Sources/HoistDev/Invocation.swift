import Foundation

/// One invocation of the function: its request id, event, deadline, and the outcome once there is one.
public final class Invocation: @unchecked Sendable {
    /// The Lambda request id (`Lambda-Runtime-Aws-Request-Id`).
    public let requestId: String
    /// The event, JSON.
    public let payload: [UInt8]
    /// When the function must have answered, in milliseconds since 1970 (`Lambda-Runtime-Deadline-Ms`).
    public let deadlineMilliseconds: Int64
    private let condition = NSCondition()
    private var outcome: InvocationOutcome?

    /// Creates an invocation.
    public init(requestId: String, payload: [UInt8], deadlineMilliseconds: Int64) {
        self.requestId = requestId
        self.payload = payload
        self.deadlineMilliseconds = deadlineMilliseconds
    }

    /// Sets the outcome unless one is already set; true when this call set it.
    @discardableResult
    public func complete(_ outcome: InvocationOutcome) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard self.outcome == nil else { return false }
        self.outcome = outcome
        condition.broadcast()
        return true
    }

    /// The outcome, waiting for it until `deadline`; nil if there is none by then.
    public func wait(until deadline: Date) -> InvocationOutcome? {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil {
            if !condition.wait(until: deadline) { break }
        }
        return outcome
    }

    /// Whether the invocation has an outcome.
    public var isComplete: Bool {
        condition.lock()
        defer { condition.unlock() }
        return outcome != nil
    }
}
