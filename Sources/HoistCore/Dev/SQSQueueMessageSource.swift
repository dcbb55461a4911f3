import HoistAWS

/// A queue of SQS as a ``QueueMessageSource``: ReceiveMessage with what Lambda's event source mapping asks for
/// (the receive count, sent and first-receive times, the sender, every message attribute), the queue's own
/// visibility timeout; DeleteMessageBatch.
public struct SQSQueueMessageSource: QueueMessageSource {
    /// The service.
    public var sqs: SQS
    /// The queue's URL.
    public var queueUrl: String
    /// The queue's ARN (the events' `eventSourceARN`).
    public var queueArn: String
    /// The queue's visibility timeout in seconds, as read.
    public var visibilityTimeout: Int?
    /// Where the queue moves a message received too often, as read.
    public var redrivePolicy: SQSRedrivePolicy?

    /// Creates the source of a queue already looked up.
    public init(
        sqs: SQS, queueUrl: String, queueArn: String, visibilityTimeout: Int? = nil,
        redrivePolicy: SQSRedrivePolicy? = nil
    ) {
        self.sqs = sqs
        self.queueUrl = queueUrl
        self.queueArn = queueArn
        self.visibilityTimeout = visibilityTimeout
        self.redrivePolicy = redrivePolicy
    }

    /// The queue named `name`: GetQueueUrl, then GetQueueAttributes (its ARN, visibility timeout and redrive
    /// policy). Throws `QueueDoesNotExist` (``AWSError/isNotFound``) when there is none.
    public static func named(_ name: String, sqs: SQS) async throws -> SQSQueueMessageSource {
        let url = try await sqs.getQueueUrl(name: name)
        let attributes = try await sqs.getQueueAttributes(
            queueUrl: url, names: [.queueArn, .visibilityTimeout, .redrivePolicy])
        return SQSQueueMessageSource(
            sqs: sqs, queueUrl: url, queueArn: attributes.queueArn ?? name,
            visibilityTimeout: attributes.visibilityTimeout, redrivePolicy: attributes.redrivePolicy)
    }

    /// ReceiveMessage.
    public func receive(maxMessages: Int, waitSeconds: Int) async throws -> [SQSMessage] {
        try await sqs.receiveMessages(
            queueUrl: queueUrl, maxNumberOfMessages: maxMessages, waitTimeSeconds: waitSeconds,
            systemAttributes: [.approximateReceiveCount, .sentTimestamp, .senderId, .approximateFirstReceiveTimestamp],
            messageAttributeNames: ["All"])
    }

    /// DeleteMessageBatch, ten per call.
    public func delete(receiptHandles: [String]) async throws -> [SQSBatchFailure] {
        try await sqs.deleteMessages(queueUrl: queueUrl, receiptHandles: receiptHandles)
    }
}
