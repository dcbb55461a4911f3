import HoistAWS

/// Where a ``QueuePoller`` takes messages from and deletes them: one queue.
///
/// Why a protocol: the poller's rules (what is deleted after which outcome) are tested with a fake queue, and run
/// against SQS (moto, LocalStack) through ``SQSQueueMessageSource``.
public protocol QueueMessageSource: Sendable {
    /// Up to `maxMessages` (1–10) messages, waiting up to `waitSeconds` for the first; each hidden for the
    /// queue's visibility timeout. Empty when none came.
    func receive(maxMessages: Int, waitSeconds: Int) async throws -> [SQSMessage]
    /// Deletes the messages of these receipt handles; returns the ones not deleted.
    func delete(receiptHandles: [String]) async throws -> [SQSBatchFailure]
}
