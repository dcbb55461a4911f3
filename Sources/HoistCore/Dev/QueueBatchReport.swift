import HoistAWS

/// What one poll did: the messages received, the verdict on their invocation, what was deleted.
public struct QueueBatchReport: Sendable, Equatable {
    /// The ids of the messages received, in order (empty: nothing came in the wait).
    public var messageIds: [String]
    /// Each message's receive count, this receive included (when SQS gave it).
    public var receiveCounts: [Int]
    /// The verdict on the invocation; nil when nothing was received (no invocation).
    public var verdict: QueueBatchVerdict?
    /// The ids of the messages deleted.
    public var deleted: [String]
    /// The deletes SQS refused.
    public var deleteFailures: [SQSBatchFailure]

    /// Creates a report.
    public init(
        messageIds: [String], receiveCounts: [Int] = [], verdict: QueueBatchVerdict?, deleted: [String] = [],
        deleteFailures: [SQSBatchFailure] = []
    ) {
        self.messageIds = messageIds
        self.receiveCounts = receiveCounts
        self.verdict = verdict
        self.deleted = deleted
        self.deleteFailures = deleteFailures
    }

    /// One line for `hoist dev`'s log: `3 messages (receives 1, 1, 2): ok, 3 deleted`.
    public var summary: String {
        let count = messageIds.count
        var line = "\(count) message\(count == 1 ? "" : "s")"
        if !receiveCounts.isEmpty { line += " (receives \(receiveCounts.map(String.init).joined(separator: ", ")))" }
        switch verdict {
        case nil: return "no message"
        case .succeeded: line += ": ok, \(deleted.count) deleted"
        case .partial(let failed):
            line +=
                ": \(failed.count) failed (batchItemFailures: \(failed.joined(separator: ", "))), "
                + "\(deleted.count) deleted"
        case .failed(let reason): line += ": failed (\(reason)); none deleted, each back after the visibility timeout"
        }
        if !deleteFailures.isEmpty {
            line += "; not deleted: " + deleteFailures.map { "\($0.code) \($0.message)" }.joined(separator: "; ")
        }
        return line
    }
}
