/// A message as ReceiveMessage gives it.
public struct SQSMessage: Codable, Sendable, Equatable {
    /// The id SQS gave it when it was sent.
    public var messageId: String?
    /// What DeleteMessageBatch and ChangeMessageVisibility take; new on every receive.
    public var receiptHandle: String?
    /// The body.
    public var body: String?
    /// MD5 of the body, hex.
    public var md5OfBody: String?
    /// The system attributes asked for (``SQSMessageSystemAttributeName``), by name.
    public var attributes: [String: String]?
    /// The sender's message attributes, by name (when ReceiveMessage asked for them).
    public var messageAttributes: [String: SQSMessageAttributeValue]?

    /// Creates a message (tests and local emulation).
    public init(
        messageId: String?, receiptHandle: String?, body: String?, md5OfBody: String? = nil,
        attributes: [String: String]? = nil, messageAttributes: [String: SQSMessageAttributeValue]? = nil
    ) {
        self.messageId = messageId
        self.receiptHandle = receiptHandle
        self.body = body
        self.md5OfBody = md5OfBody
        self.attributes = attributes
        self.messageAttributes = messageAttributes
    }

    /// How many times the message was received, this time included (when asked for).
    public var approximateReceiveCount: Int? {
        attributes?[SQSMessageSystemAttributeName.approximateReceiveCount.rawValue].flatMap { Int($0) }
    }
}
