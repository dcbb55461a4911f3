import Foundation

/// A log group as DescribeLogGroups reports it.
public struct LogGroup: Codable, Sendable, Equatable {
    /// The name, e.g. `/aws/lambda/movies-api-dev`.
    public var logGroupName: String?
    /// The ARN (ends in `:*`).
    public var arn: String?
    /// Retention in days; nil keeps logs forever.
    public var retentionInDays: Int?
}

/// Amazon CloudWatch Logs: the function's log group and its retention.
public struct CloudWatchLogs: Sendable {
    /// The client calls go through.
    public let client: AWSClient
    /// The account the log groups are in; with it, tags go through TagResource / UntagResource /
    /// ListTagsForResource on the log group's ARN (without it, through the deprecated *LogGroup operations).
    public let account: String?
    /// The partition of the ARNs (`aws`, `aws-cn`, `aws-us-gov`).
    public let partition: String

    /// Creates the service on a client; `partition` defaults to the one of the client's region.
    public init(client: AWSClient, account: String? = nil, partition: String? = nil) {
        self.client = client
        self.account = account
        self.partition = partition ?? Self.partition(of: client.region)
    }

    /// The partition a region belongs to.
    public static func partition(of region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        if region.hasPrefix("us-iso-") { return "aws-iso" }
        if region.hasPrefix("us-isob-") { return "aws-iso-b" }
        return "aws"
    }

    /// CreateLogGroup.
    public func createLogGroup(name: String, tags: [String: String] = [:]) async throws {
        struct Input: Encodable {
            var logGroupName: String
            var tags: [String: String]?
        }
        let _: AWSEmpty = try await client.json(
            .cloudWatchLogs, "CreateLogGroup", Input(logGroupName: name, tags: tags.isEmpty ? nil : tags))
    }

    /// DescribeLogGroups with a name prefix, all pages.
    public func describeLogGroups(prefix: String) async throws -> [LogGroup] {
        struct Input: Encodable {
            var logGroupNamePrefix: String
            var nextToken: String?
        }
        struct Output: Decodable {
            var logGroups: [LogGroup]?
            var nextToken: String?
        }
        var groups: [LogGroup] = []
        var token: String?
        repeat {
            let output: Output = try await client.json(
                .cloudWatchLogs, "DescribeLogGroups", Input(logGroupNamePrefix: prefix, nextToken: token))
            groups += output.logGroups ?? []
            token = output.nextToken
        } while token != nil
        return groups
    }

    /// The log group with exactly this name, if any.
    public func logGroup(named name: String) async throws -> LogGroup? {
        try await describeLogGroups(prefix: name).first { $0.logGroupName == name }
    }

    /// PutRetentionPolicy.
    public func putRetentionPolicy(name: String, days: Int) async throws {
        struct Input: Encodable {
            var logGroupName: String
            var retentionInDays: Int
        }
        let _: AWSEmpty = try await client.json(
            .cloudWatchLogs, "PutRetentionPolicy", Input(logGroupName: name, retentionInDays: days))
    }

    /// DeleteLogGroup.
    public func deleteLogGroup(name: String) async throws {
        let _: AWSEmpty = try await client.json(.cloudWatchLogs, "DeleteLogGroup", ["logGroupName": name])
    }
}
