import Foundation

/// One key attribute of a table.
public struct DynamoDBKeyElement: Codable, Sendable, Equatable {
    /// The attribute name.
    public var attributeName: String
    /// `HASH` or `RANGE`.
    public var keyType: String

    /// Creates a key element.
    public init(attributeName: String, keyType: String) {
        self.attributeName = attributeName
        self.keyType = keyType
    }
}

/// An attribute's declared type.
public struct DynamoDBAttributeDefinition: Codable, Sendable, Equatable {
    /// The attribute name.
    public var attributeName: String
    /// `S`, `N` or `B`.
    public var attributeType: String

    /// Creates a definition.
    public init(attributeName: String, attributeType: String) {
        self.attributeName = attributeName
        self.attributeType = attributeType
    }
}

/// The billing mode as DescribeTable reports it.
public struct DynamoDBBillingModeSummary: Codable, Sendable, Equatable {
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    public var billingMode: String?
}

/// A table as DescribeTable reports it.
public struct DynamoDBTable: Codable, Sendable, Equatable {
    /// The name.
    public var tableName: String?
    /// The ARN.
    public var tableArn: String?
    /// `CREATING`, `ACTIVE`, `DELETING`, ….
    public var tableStatus: String?
    /// The key schema.
    public var keySchema: [DynamoDBKeyElement]?
    /// The declared attributes.
    public var attributeDefinitions: [DynamoDBAttributeDefinition]?
    /// The billing mode.
    public var billingModeSummary: DynamoDBBillingModeSummary?
}

/// Amazon DynamoDB: the tables hoist manages (the backend does its own item calls).
public struct DynamoDB: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates the service on a client.
    public init(client: AWSClient) { self.client = client }

    /// CreateTable, on-demand, with a partition key and an optional sort key.
    public func createTable(
        name: String, partitionKey: DynamoDBAttributeDefinition, sortKey: DynamoDBAttributeDefinition? = nil,
        billingMode: String = "PAY_PER_REQUEST", tags: [String: String] = [:]
    ) async throws -> DynamoDBTable {
        struct Input: Encodable {
            var tableName: String
            var attributeDefinitions: [DynamoDBAttributeDefinition]
            var keySchema: [DynamoDBKeyElement]
            var billingMode: String
            var tags: [AWSTag]?
        }
        struct Output: Decodable { var tableDescription: DynamoDBTable }
        var keys = [DynamoDBKeyElement(attributeName: partitionKey.attributeName, keyType: "HASH")]
        if let sortKey { keys.append(DynamoDBKeyElement(attributeName: sortKey.attributeName, keyType: "RANGE")) }
        let output: Output = try await client.json(
            .dynamoDB, "CreateTable",
            Input(
                tableName: name, attributeDefinitions: [partitionKey] + (sortKey.map { [$0] } ?? []), keySchema: keys,
                billingMode: billingMode, tags: tags.isEmpty ? nil : AWSTag.list(tags)))
        return output.tableDescription
    }

    /// DescribeTable.
    public func describeTable(name: String) async throws -> DynamoDBTable {
        struct Output: Decodable { var table: DynamoDBTable }
        let output: Output = try await client.json(.dynamoDB, "DescribeTable", ["TableName": name])
        return output.table
    }

    /// UpdateContinuousBackups: turns point-in-time recovery on or off.
    public func updateContinuousBackups(name: String, pointInTimeRecovery: Bool) async throws {
        struct Specification: Encodable { var pointInTimeRecoveryEnabled: Bool }
        struct Input: Encodable {
            var tableName: String
            var pointInTimeRecoverySpecification: Specification
        }
        let _: AWSEmpty = try await client.json(
            .dynamoDB, "UpdateContinuousBackups",
            Input(
                tableName: name,
                pointInTimeRecoverySpecification: Specification(pointInTimeRecoveryEnabled: pointInTimeRecovery)))
    }

    /// DescribeContinuousBackups: whether point-in-time recovery is on (read-only, for plans).
    public func pointInTimeRecoveryEnabled(name: String) async throws -> Bool {
        struct Recovery: Decodable { var pointInTimeRecoveryStatus: String? }
        struct Backups: Decodable { var pointInTimeRecoveryDescription: Recovery? }
        struct Output: Decodable { var continuousBackupsDescription: Backups? }
        let output: Output = try await client.json(.dynamoDB, "DescribeContinuousBackups", ["TableName": name])
        let status = output.continuousBackupsDescription?.pointInTimeRecoveryDescription?.pointInTimeRecoveryStatus
        return status == "ENABLED"
    }

    /// DeleteTable.
    public func deleteTable(name: String) async throws {
        let _: AWSEmpty = try await client.json(.dynamoDB, "DeleteTable", ["TableName": name])
    }

    /// ListTagsOfResource: every tag of a table, all pages.
    public func listTagsOfResource(arn: String) async throws -> [String: String] {
        struct Input: Encodable {
            var resourceArn: String
            var nextToken: String?
        }
        struct Output: Decodable {
            var tags: [AWSTag]?
            var nextToken: String?
        }
        var tags: [String: String] = [:]
        var token: String?
        repeat {
            let output: Output = try await client.json(
                .dynamoDB, "ListTagsOfResource", Input(resourceArn: arn, nextToken: token))
            for tag in output.tags ?? [] { tags[tag.key] = tag.value }
            token = output.nextToken
        } while token != nil
        return tags
    }

    /// UntagResource: removes tags by key.
    public func untagResource(arn: String, keys: [String]) async throws {
        struct Input: Encodable {
            var resourceArn: String
            var tagKeys: [String]
        }
        let _: AWSEmpty = try await client.json(.dynamoDB, "UntagResource", Input(resourceArn: arn, tagKeys: keys))
    }

    /// TagResource.
    public func tagResource(arn: String, tags: [String: String]) async throws {
        struct Input: Encodable {
            var resourceArn: String
            var tags: [AWSTag]
        }
        let _: AWSEmpty = try await client.json(
            .dynamoDB, "TagResource", Input(resourceArn: arn, tags: AWSTag.list(tags)))
    }

    /// Polls DescribeTable until the table is `ACTIVE`.
    public func waitUntilActive(name: String, interval: Double = 1, maxAttempts: Int = 120) async throws
        -> DynamoDBTable
    {
        for attempt in 1...max(1, maxAttempts) {
            let table = try await describeTable(name: name)
            if table.tableStatus == "ACTIVE" { return table }
            if attempt < maxAttempts { try await client.sleep(interval) }
        }
        throw AWSError(
            service: "dynamodb", operation: "TableExists", status: 0, code: "WaiterTimedOut",
            message: "\(name) is not ACTIVE after \(maxAttempts) checks", attempts: maxAttempts)
    }
}
