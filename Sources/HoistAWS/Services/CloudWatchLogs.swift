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

    /// Creates the service on a client.
    public init(client: AWSClient) { self.client = client }

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

    /// ListTagsLogGroup: the log group's tags.
    public func listTags(name: String) async throws -> [String: String] {
        struct Input: Encodable { var logGroupName: String }
        struct Output: Decodable { var tags: [String: String]? }
        let output: Output = try await client.json(.cloudWatchLogs, "ListTagsLogGroup", Input(logGroupName: name))
        return output.tags ?? [:]
    }

    /// TagLogGroup: adds or overwrites tags.
    public func tag(name: String, tags: [String: String]) async throws {
        struct Input: Encodable {
            var logGroupName: String
            var tags: [String: String]
        }
        let _: AWSEmpty = try await client.json(.cloudWatchLogs, "TagLogGroup", Input(logGroupName: name, tags: tags))
    }

    /// UntagLogGroup: removes tags by key.
    public func untag(name: String, keys: [String]) async throws {
        struct Input: Encodable {
            var logGroupName: String
            var tags: [String]
        }
        let _: AWSEmpty = try await client.json(.cloudWatchLogs, "UntagLogGroup", Input(logGroupName: name, tags: keys))
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
