/// The DynamoDB operations the backend uses (json 1.0): PutItem, GetItem, DeleteItem, Scan.
public struct DynamoDBClient: Sendable {
    /// The JSON-protocol client underneath.
    public let client: AWSJSONClient

    /// Creates a client.
    public init(environment: AWSEnvironment, transport: any AWSHTTPTransport = NIOAWSTransport.shared) {
        client = AWSJSONClient(
            service: "dynamodb", targetPrefix: "DynamoDB_20120810", jsonVersion: "1.0", environment: environment,
            transport: transport)
    }

    struct PutItemInput: Encodable {
        var TableName: String
        var Item: DynamoDBItem
        var ConditionExpression: String?
        var ExpressionAttributeNames: [String: String]?
    }

    struct KeyInput: Encodable {
        var TableName: String
        var Key: DynamoDBItem
        var ConsistentRead: Bool?
        var ReturnValues: String?
    }

    struct ItemOutput: Decodable {
        var Item: DynamoDBItem?
        var Attributes: DynamoDBItem?
    }

    struct ScanInput: Encodable {
        var TableName: String
        var Limit: Int
        var ExclusiveStartKey: DynamoDBItem?
    }

    struct ScanOutput: Decodable {
        var Items: [DynamoDBItem]?
        var LastEvaluatedKey: DynamoDBItem?
    }

    /// PutItem; `condition` is a ConditionExpression whose `#k` names `conditionKey`.
    /// A failed condition throws `AWSClientError` with code `ConditionalCheckFailedException`.
    public func putItem(
        table: String, item: DynamoDBItem, condition: String? = nil, conditionKey: String? = nil
    ) async throws {
        let input = PutItemInput(
            TableName: table, Item: item, ConditionExpression: condition,
            ExpressionAttributeNames: conditionKey.map { ["#k": $0] })
        _ = try await client.call("PutItem", input, as: ItemOutput.self)
    }

    /// GetItem (strongly consistent); nil when there is no item.
    public func getItem(table: String, key: DynamoDBItem) async throws -> DynamoDBItem? {
        try await client.call(
            "GetItem", KeyInput(TableName: table, Key: key, ConsistentRead: true), as: ItemOutput.self
        )
        .Item
    }

    /// DeleteItem; returns whether an item was there (ReturnValues ALL_OLD).
    public func deleteItem(table: String, key: DynamoDBItem) async throws -> Bool {
        let output = try await client.call(
            "DeleteItem", KeyInput(TableName: table, Key: key, ReturnValues: "ALL_OLD"), as: ItemOutput.self)
        return output.Attributes != nil
    }

    /// Scan one page of up to `limit` items after `startKey`.
    public func scan(
        table: String, limit: Int, startKey: DynamoDBItem?
    ) async throws -> (items: [DynamoDBItem], lastKey: DynamoDBItem?) {
        let output = try await client.call(
            "Scan", ScanInput(TableName: table, Limit: limit, ExclusiveStartKey: startKey), as: ScanOutput.self)
        return (output.Items ?? [], output.LastEvaluatedKey)
    }
}
