import AWSClients

/// Where the example's jobs read and write movie items: the DynamoDB table, or a fake in tests.
public protocol MovieRecordStore: Sendable {
    /// Writes one item.
    func put(_ item: DynamoDBItem) async throws
    /// Counts the items.
    func count() async throws -> Int
}

/// The movies table through DynamoDB.
public struct DynamoDBMovieRecords: MovieRecordStore {
    /// The client.
    public let client: DynamoDBClient
    /// The table's name (`MOVIES_TABLE`).
    public let table: String

    /// Creates the store.
    public init(client: DynamoDBClient, table: String) {
        self.client = client
        self.table = table
    }

    /// PutItem.
    public func put(_ item: DynamoDBItem) async throws { try await client.putItem(table: table, item: item) }

    /// Scans every page, counting.
    public func count() async throws -> Int {
        var total = 0
        var start: DynamoDBItem?
        repeat {
            let page = try await client.scan(table: table, limit: 100, startKey: start)
            total += page.items.count
            start = page.lastKey
        } while start != nil
        return total
    }
}
