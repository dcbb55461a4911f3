/// The system attributes ReceiveMessage can return with each message (botocore's `MessageSystemAttributeName`).
public enum SQSMessageSystemAttributeName: String, Sendable, CaseIterable {
    /// How many times the message was received.
    case approximateReceiveCount = "ApproximateReceiveCount"
    /// When it was first received, milliseconds since 1970.
    case approximateFirstReceiveTimestamp = "ApproximateFirstReceiveTimestamp"
    /// When it was sent, milliseconds since 1970.
    case sentTimestamp = "SentTimestamp"
    /// The sender's principal id (an IAM user's or role's unique id).
    case senderId = "SenderId"
}
