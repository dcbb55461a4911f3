import Crypto
import Foundation
import HoistAWS

/// The event Lambda's event source mapping sends a function for a batch of SQS messages: `Records`, one per
/// message, in the order received. Pure.
public struct SQSEvent: Encodable, Sendable, Equatable {
    /// One message as the function sees it.
    public struct Record: Encodable, Sendable, Equatable {
        /// A message attribute: `stringValue` or `binaryValue` (base64), the reserved lists, `dataType`.
        public struct MessageAttribute: Encodable, Sendable, Equatable {
            /// The value of a `String` or `Number` attribute.
            public var stringValue: String?
            /// The value of a `Binary` attribute, base64.
            public var binaryValue: String?
            /// Always present, empty today.
            public var stringListValues: [String]
            /// Always present, empty today.
            public var binaryListValues: [String]
            /// `String`, `Number`, `Binary` (with any custom suffix).
            public var dataType: String
        }

        /// The message's id.
        public var messageId: String
        /// This receive's handle (what a function that deletes by itself would pass to DeleteMessage).
        public var receiptHandle: String
        /// The body.
        public var body: String
        /// The system attributes: `ApproximateReceiveCount`, `SentTimestamp`, `SenderId`,
        /// `ApproximateFirstReceiveTimestamp`.
        public var attributes: [String: String]
        /// The sender's message attributes.
        public var messageAttributes: [String: MessageAttribute]
        /// MD5 of the body, hex.
        public var md5OfBody: String
        /// `aws:sqs`.
        public var eventSource: String
        /// The queue's ARN.
        public var eventSourceARN: String
        /// The queue's region.
        public var awsRegion: String
    }

    /// The messages (`Records`).
    public var records: [Record]

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }

    /// The event of `messages` received from the queue `queueArn` in `region`.
    public init(messages: [SQSMessage], queueArn: String, region: String) {
        records = messages.map { message in
            let body = message.body ?? ""
            return Record(
                messageId: message.messageId ?? "", receiptHandle: message.receiptHandle ?? "", body: body,
                attributes: message.attributes ?? [:],
                messageAttributes: (message.messageAttributes ?? [:]).mapValues { value in
                    Record.MessageAttribute(
                        stringValue: value.stringValue, binaryValue: value.binaryValue,
                        stringListValues: value.stringListValues ?? [], binaryListValues: value.binaryListValues ?? [],
                        dataType: value.dataType ?? "String")
                },
                md5OfBody: message.md5OfBody ?? Self.md5Hex(body), eventSource: "aws:sqs",
                eventSourceARN: queueArn, awsRegion: region)
        }
    }

    /// MD5 of a body, hex (SQS answers it with each message; this stands in when it did not).
    static func md5Hex(_ text: String) -> String {
        Insecure.MD5.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The event as JSON bytes (keys sorted).
    public var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data(#"{"Records":[]}"#.utf8))
    }
}
