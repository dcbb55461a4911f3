/// The queue attributes hoist sets and reads, named as SQS names them (botocore's `QueueAttributeName`).
public enum SQSQueueAttributeName: String, Sendable, CaseIterable {
    /// Seconds a received message stays hidden from other receivers (0 to 43,200).
    case visibilityTimeout = "VisibilityTimeout"
    /// Seconds SQS keeps a message (60 to 1,209,600).
    case messageRetentionPeriod = "MessageRetentionPeriod"
    /// The dead-letter queue and after how many receives a message moves there (``SQSRedrivePolicy``, as JSON);
    /// an empty value removes it.
    case redrivePolicy = "RedrivePolicy"
    /// The queue's ARN (read only).
    case queueArn = "QueueArn"
    /// Messages available to receive (read only, approximate).
    case approximateNumberOfMessages = "ApproximateNumberOfMessages"
    /// Messages received and not yet deleted (read only, approximate).
    case approximateNumberOfMessagesNotVisible = "ApproximateNumberOfMessagesNotVisible"
    /// Messages sent with a delay that are not available yet (read only, approximate).
    case approximateNumberOfMessagesDelayed = "ApproximateNumberOfMessagesDelayed"
}
