/// `queue:` on a function: an SQS queue hoist creates for it, its dead-letter queue, and the event source mapping
/// that hands batches to the function.
public struct QueueTrigger: Sendable, Equatable {
    /// Lambda's batch sizes for a standard queue.
    public static let batchSizeRange: ClosedRange<Int> = 1...10000
    /// Lambda's batching window, seconds.
    public static let batchingWindowRange: ClosedRange<Int> = 0...300
    /// SQS's receive count before the message moves to the dead-letter queue.
    public static let maxReceivesRange: ClosedRange<Int> = 1...1000
    /// SQS's visibility timeout, seconds (12 hours).
    public static let visibilityTimeoutRange: ClosedRange<Int> = 0...43200
    /// SQS's message retention, days (1 minute to 14 days; hoist counts whole days).
    public static let retentionDaysRange: ClosedRange<Int> = 1...14
    /// AWS's advice: a visibility timeout of at least six times the function's timeout, so that a batch being
    /// retried after throttling is not handed to a second invocation while the first still runs.
    public static let visibilityFactor = 6

    /// Messages per invocation (default 10).
    public var batchSize: Int
    /// Seconds Lambda waits to fill a batch (default 0).
    public var batchingWindow: Int
    /// Receives before a message goes to the dead-letter queue (default 5).
    public var maxReceives: Int
    /// The queue's visibility timeout; nil for six times the function's timeout.
    public var visibilityTimeout: Int?
    /// Days a message is kept (default 4, SQS's default; the dead-letter queue keeps 14).
    public var retentionDays: Int
    /// Whether the function reports failed messages only (`batchItemFailures`), so the others are deleted
    /// (default true).
    public var partialBatchResponses: Bool

    /// Creates a queue trigger with the documented defaults.
    public init(
        batchSize: Int = 10, batchingWindow: Int = 0, maxReceives: Int = 5, visibilityTimeout: Int? = nil,
        retentionDays: Int = 4, partialBatchResponses: Bool = true
    ) {
        self.batchSize = batchSize
        self.batchingWindow = batchingWindow
        self.maxReceives = maxReceives
        self.visibilityTimeout = visibilityTimeout
        self.retentionDays = retentionDays
        self.partialBatchResponses = partialBatchResponses
    }

    /// The visibility timeout for a function of `timeout` seconds.
    public func effectiveVisibilityTimeout(functionTimeout timeout: Int) -> Int {
        visibilityTimeout ?? timeout * Self.visibilityFactor
    }
}
