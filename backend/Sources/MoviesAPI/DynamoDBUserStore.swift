import AWSClients

/// A `UserStore` in a DynamoDB table keyed by `username`; registration is a conditional put.
public struct DynamoDBUserStore: UserStore {
    /// The client.
    public let dynamo: DynamoDBClient
    /// The table name (`USERS_TABLE`).
    public let table: String

    /// Creates a store.
    public init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    /// PutItem with `attribute_not_exists(username)`.
    public func create(_ user: User) async throws {
        try await put(user, condition: "attribute_not_exists(#k)", onFailure: .alreadyExists)
    }

    /// GetItem.
    public func get(_ username: String) async throws -> User? {
        let item: DynamoDBItem?
        do {
            item = try await dynamo.getItem(table: table, key: ["username": .s(username)])
        } catch {
            throw StoreError(.backend, "GetItem on the users table failed", underlying: error)
        }
        return try item.map(Self.user(from:))
    }

    /// PutItem with `attribute_exists(username)`.
    public func replace(_ user: User) async throws {
        try await put(user, condition: "attribute_exists(#k)", onFailure: .notFound)
    }

    /// DeleteItem.
    public func delete(_ username: String) async throws -> Bool {
        do {
            return try await dynamo.deleteItem(table: table, key: ["username": .s(username)])
        } catch {
            throw StoreError(.backend, "DeleteItem on the users table failed", underlying: error)
        }
    }

    func put(_ user: User, condition: String, onFailure: StoreError.Code) async throws {
        do {
            try await dynamo.putItem(
                table: table, item: Self.item(from: user), condition: condition, conditionKey: "username")
        } catch let error as AWSClientError where error.code == "ConditionalCheckFailedException" {
            throw StoreError(onFailure, "condition failed for user", underlying: error)
        } catch {
            throw StoreError(.backend, "PutItem on the users table failed", underlying: error)
        }
    }

    /// The item of a user.
    public static func item(from user: User) -> DynamoDBItem {
        var item: DynamoDBItem = [
            "username": .s(user.username), "passwordHash": .s(user.passwordHash),
            "roles": .l(user.roles.map { .s($0.rawValue) }), "createdAt": .s(user.createdAt),
        ]
        if !user.tokenStamp.isEmpty { item["tokenStamp"] = .s(user.tokenStamp) }
        return item
    }

    /// The user of an item.
    public static func user(from item: DynamoDBItem) throws -> User {
        guard let username = item["username"]?.string, let hash = item["passwordHash"]?.string else {
            throw StoreError(.corruptItem, "user item lacks username or passwordHash")
        }
        return User(
            username: username, passwordHash: hash,
            roles: (item["roles"]?.strings ?? []).compactMap(Role.init(rawValue:)),
            createdAt: item["createdAt"]?.string ?? "", tokenStamp: item["tokenStamp"]?.string ?? "")
    }
}
