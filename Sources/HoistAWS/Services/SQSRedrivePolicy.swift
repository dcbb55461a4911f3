import Foundation

/// Where a queue moves a message that was received too often without being deleted: its dead-letter queue.
public struct SQSRedrivePolicy: Sendable, Equatable {
    /// The dead-letter queue's ARN.
    public var deadLetterTargetArn: String
    /// Receives after which a message moves there (1 to 1,000).
    public var maxReceiveCount: Int

    /// Creates a policy.
    public init(deadLetterTargetArn: String, maxReceiveCount: Int) {
        self.deadLetterTargetArn = deadLetterTargetArn
        self.maxReceiveCount = maxReceiveCount
    }

    /// Reads the attribute's JSON text; SQS gives `maxReceiveCount` as a number or as text. Nil for anything else.
    public init?(json text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let target = object["deadLetterTargetArn"] as? String
        else { return nil }
        let count = object["maxReceiveCount"]
        guard let receives = (count as? Int) ?? (count as? String).flatMap({ Int($0) }) else { return nil }
        self.init(deadLetterTargetArn: target, maxReceiveCount: receives)
    }

    /// The attribute's value: JSON with sorted keys, `maxReceiveCount` a number.
    public var json: String {
        let data = try? JSONSerialization.data(
            withJSONObject: ["deadLetterTargetArn": deadLetterTargetArn, "maxReceiveCount": maxReceiveCount],
            options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data ?? Data(), as: UTF8.self)
    }
}
