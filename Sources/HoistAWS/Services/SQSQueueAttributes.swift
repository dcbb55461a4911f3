/// A queue's attributes as GetQueueAttributes answers them, typed: SQS sends every value as text.
public struct SQSQueueAttributes: Sendable, Equatable {
    /// The queue's ARN.
    public var queueArn: String?
    /// Seconds a received message stays hidden.
    public var visibilityTimeout: Int?
    /// Seconds a message is kept.
    public var messageRetentionPeriod: Int?
    /// The dead-letter queue, if any.
    public var redrivePolicy: SQSRedrivePolicy?
    /// Messages available to receive.
    public var approximateNumberOfMessages: Int?
    /// Messages received and not yet deleted.
    public var approximateNumberOfMessagesNotVisible: Int?
    /// Messages sent with a delay, not available yet.
    public var approximateNumberOfMessagesDelayed: Int?

    /// Reads the answer's map; names hoist does not use are ignored, and an empty RedrivePolicy is none.
    public init(_ values: [String: String]) {
        func number(_ name: SQSQueueAttributeName) -> Int? { values[name.rawValue].flatMap { Int($0) } }
        queueArn = values[SQSQueueAttributeName.queueArn.rawValue]
        visibilityTimeout = number(.visibilityTimeout)
        messageRetentionPeriod = number(.messageRetentionPeriod)
        redrivePolicy = values[SQSQueueAttributeName.redrivePolicy.rawValue].flatMap(SQSRedrivePolicy.init(json:))
        approximateNumberOfMessages = number(.approximateNumberOfMessages)
        approximateNumberOfMessagesNotVisible = number(.approximateNumberOfMessagesNotVisible)
        approximateNumberOfMessagesDelayed = number(.approximateNumberOfMessagesDelayed)
    }

    /// Every message the queue holds: available, in flight and delayed (approximate, as SQS counts them).
    public var messagesHeld: Int {
        (approximateNumberOfMessages ?? 0) + (approximateNumberOfMessagesNotVisible ?? 0)
            + (approximateNumberOfMessagesDelayed ?? 0)
    }
}
