/// What runs a batch's event through the function: the poller's edge toward the local function process.
///
/// Why a protocol: HoistCore does not run processes; `hoist dev` hands batches to its function's processes
/// (HoistDev), and the poller's tests to a fake that answers as told.
public protocol QueueBatchInvoking: Sendable {
    /// Invokes the function once with `payload` (an SQS event) and waits for how that ended.
    func invoke(_ payload: [UInt8]) async -> QueueInvocationOutcome
}
