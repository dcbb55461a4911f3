/// An Amazon Resource Name, parsed: `arn:partition:service:region:account:resource`.
public struct ARN: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    public var partition: String
    /// `lambda`, `iam`, `secretsmanager`…
    public var service: String
    /// Empty for global services (IAM, S3 buckets).
    public var region: String
    /// Empty for S3 buckets.
    public var account: String
    /// Everything after the fifth colon (`function:name`, `role/name`, `secret:name-AbCdEf`).
    public var resource: String

    /// Creates an ARN from its parts.
    public init(partition: String, service: String, region: String, account: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// Parses an ARN; nil for text that is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self.init(partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts[5])
    }

    /// The ARN's text.
    public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }

    /// The last path or colon segment of the resource (`role/x` → `x`, `function:x` → `x`).
    public var resourceName: String {
        let separators: Set<Character> = ["/", ":"]
        if let index = resource.firstIndex(where: separators.contains) {
            return String(resource[resource.index(after: index)...])
        }
        return resource
    }

    /// Encoded as its text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let arn = ARN(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ARN"))
        }
        self = arn
    }

    /// Encoded as its text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
