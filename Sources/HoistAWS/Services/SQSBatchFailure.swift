/// A message of a batch call that SQS did not act on, with why.
public struct SQSBatchFailure: Sendable, Equatable {
    /// The receipt handle the entry named.
    public var receiptHandle: String
    /// SQS's error code, e.g. `ReceiptHandleIsInvalid`.
    public var code: String
    /// SQS's message.
    public var message: String
    /// Whether the request was at fault (retrying it unchanged fails again).
    public var senderFault: Bool

    /// Creates a failure.
    public init(receiptHandle: String, code: String, message: String, senderFault: Bool) {
        self.receiptHandle = receiptHandle
        self.code = code
        self.message = message
        self.senderFault = senderFault
    }
}
