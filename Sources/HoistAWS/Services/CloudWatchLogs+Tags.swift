/// A log group's tags: TagResource, UntagResource and ListTagsForResource on its ARN when the account is known.
///
/// Why: TagLogGroup, UntagLogGroup and ListTagsLogGroup are deprecated in the service model. The ARN the
/// resource-tag operations take is `arn:<partition>:logs:<region>:<account>:log-group:<name>`, without the `:*`
/// that DescribeLogGroups' `arn` ends in. Until a caller passes the account, the old operations are used, so the
/// deployer policy (which must then allow logs:ListTagsForResource and logs:UntagResource) can follow.
extension CloudWatchLogs {
    /// The ARN of a log group, for the resource-tag operations; nil when the account is not known.
    public func logGroupARN(name: String) -> String? {
        account.map { "arn:\(partition):logs:\(client.region):\($0):log-group:\(name)" }
    }

    /// The log group's tags (ListTagsForResource, or ListTagsLogGroup without an account).
    public func listTags(name: String) async throws -> [String: String] {
        struct Output: Decodable { var tags: [String: String]? }
        let output: Output
        if let arn = logGroupARN(name: name) {
            output = try await client.json(.cloudWatchLogs, "ListTagsForResource", ["resourceArn": arn])
        } else {
            output = try await client.json(.cloudWatchLogs, "ListTagsLogGroup", ["logGroupName": name])
        }
        return output.tags ?? [:]
    }

    /// Adds or overwrites tags (TagResource, or TagLogGroup without an account).
    public func tag(name: String, tags: [String: String]) async throws {
        struct ByARN: Encodable {
            var resourceArn: String
            var tags: [String: String]
        }
        struct ByName: Encodable {
            var logGroupName: String
            var tags: [String: String]
        }
        if let arn = logGroupARN(name: name) {
            let _: AWSEmpty = try await client.json(.cloudWatchLogs, "TagResource", ByARN(resourceArn: arn, tags: tags))
        } else {
            let _: AWSEmpty = try await client.json(
                .cloudWatchLogs, "TagLogGroup", ByName(logGroupName: name, tags: tags))
        }
    }

    /// Removes tags by key (UntagResource, or UntagLogGroup without an account).
    public func untag(name: String, keys: [String]) async throws {
        struct ByARN: Encodable {
            var resourceArn: String
            var tagKeys: [String]
        }
        struct ByName: Encodable {
            var logGroupName: String
            var tags: [String]
        }
        if let arn = logGroupARN(name: name) {
            let _: AWSEmpty = try await client.json(
                .cloudWatchLogs, "UntagResource", ByARN(resourceArn: arn, tagKeys: keys))
        } else {
            let _: AWSEmpty = try await client.json(
                .cloudWatchLogs, "UntagLogGroup", ByName(logGroupName: name, tags: keys))
        }
    }
}
