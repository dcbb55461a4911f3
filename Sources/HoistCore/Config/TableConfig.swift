/// A DynamoDB table the deploy manages, named `<project>-<stage>-<name>`.
public struct TableConfig: Sendable, Equatable {
    /// The logical name (the key under `tables:`), e.g. `users`.
    public var name: String
    /// The partition (hash) key.
    public var partitionKey: KeyAttribute
    /// The sort (range) key, if any.
    public var sortKey: KeyAttribute?
    /// The billing mode (default on-demand).
    public var billing: BillingMode
    /// Whether point-in-time recovery is on (default true).
    public var pointInTimeRecovery: Bool
    /// The environment variable that carries the table's name to the function (default `<NAME>_TABLE`).
    public var env: String
    /// The DynamoDB actions the function may take on the table (`GetItem`…); nil for hoist's default, what the
    /// backend's code issues (GetItem, PutItem, DeleteItem, Scan).
    public var actions: [String]?

    /// The item actions a table's `actions` may name.
    public static let allowedActions = [
        "BatchGetItem", "BatchWriteItem", "ConditionCheckItem", "DeleteItem", "DescribeTable", "GetItem", "PutItem",
        "Query", "Scan", "UpdateItem",
    ]

    /// Creates a table with the documented defaults.
    public init(
        name: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil, billing: BillingMode = .onDemand,
        pointInTimeRecovery: Bool = true, env: String? = nil
    ) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.billing = billing
        self.pointInTimeRecovery = pointInTimeRecovery
        self.env = env ?? TableConfig.defaultEnv(for: name)
    }

    /// The default environment variable for a table: its name uppercased, `-` and `.` turned into `_`,
    /// plus `_TABLE` (`movie-ratings` → `MOVIE_RATINGS_TABLE`).
    public static func defaultEnv(for name: String) -> String {
        String(name.uppercased().map { $0 == "-" || $0 == "." ? "_" : $0 }) + "_TABLE"
    }
}

/// A key attribute of a table: its name and DynamoDB scalar type.
public struct KeyAttribute: Sendable, Equatable {
    /// The attribute name.
    public var name: String
    /// The attribute type (default string).
    public var type: KeyType

    /// Creates a key attribute.
    public init(name: String, type: KeyType = .string) {
        self.name = name
        self.type = type
    }
}

/// DynamoDB's key attribute types.
public enum KeyType: String, Sendable, Equatable, CaseIterable {
    /// `S`.
    case string = "S"
    /// `N`.
    case number = "N"
    /// `B`.
    case binary = "B"
}

/// How a table is billed.
public enum BillingMode: String, Sendable, Equatable, CaseIterable {
    /// Pay per request (`PAY_PER_REQUEST`), the default.
    case onDemand = "on_demand"
    /// Provisioned capacity (`PROVISIONED`).
    case provisioned
}
