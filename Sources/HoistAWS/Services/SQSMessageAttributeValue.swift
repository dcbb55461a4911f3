/// One message attribute a sender set (`MessageAttributes` of ReceiveMessage): a typed value, as SQS returns it.
public struct SQSMessageAttributeValue: Codable, Sendable, Equatable {
    /// `String`, `Number` or `Binary`, optionally with a custom suffix (`Number.float`).
    public var dataType: String?
    /// The value of a `String` or `Number` attribute.
    public var stringValue: String?
    /// The value of a `Binary` attribute, base64 (the JSON protocol's blob).
    public var binaryValue: String?
    /// Reserved by SQS (never set today); passed on as it comes.
    public var stringListValues: [String]?
    /// Reserved by SQS (never set today); passed on as it comes, base64.
    public var binaryListValues: [String]?

    /// Creates a value (tests and local emulation).
    public init(
        dataType: String?, stringValue: String? = nil, binaryValue: String? = nil, stringListValues: [String]? = nil,
        binaryListValues: [String]? = nil
    ) {
        self.dataType = dataType
        self.stringValue = stringValue
        self.binaryValue = binaryValue
        self.stringListValues = stringListValues
        self.binaryListValues = binaryListValues
    }
}
