import Foundation
import HoistCore
import HoistDev

/// A function's local processes as the queue poller's edge: each batch's event through the pool, on a thread of
/// its own (the pool blocks until the outcome), the outcome in the event source mapping's terms.
struct DevBatchInvoker: QueueBatchInvoking {
    /// The function's processes.
    let pool: FunctionPool
    /// The function's timeout in seconds.
    let timeout: TimeInterval

    /// Invokes the function with `payload` and waits for how that ended.
    func invoke(_ payload: [UInt8]) async -> QueueInvocationOutcome {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<InvocationOutcome, Never>) in
            let thread = Thread { [pool, timeout] in
                continuation.resume(
                    returning: pool.invoke(
                        requestId: UUID().uuidString.lowercased(), payload: payload, timeout: timeout))
            }
            thread.name = "hoist-queue-\(pool.name)"
            thread.start()
        }
        return Self.outcome(outcome, timeout: timeout)
    }

    /// The broker's outcome as the poller sees it. Pure.
    static func outcome(_ outcome: InvocationOutcome, timeout: TimeInterval) -> QueueInvocationOutcome {
        switch outcome {
        case .response(let bytes): return .response(bytes)
        case .functionError(let type, let message): return .failed("\(type): \(message)")
        case .crashed(let status): return .failed("the process ended before answering (\(status))")
        case .timedOut: return .failed("timed out after \(Int(timeout)) s")
        case .cancelled: return .cancelled
        }
    }
}
