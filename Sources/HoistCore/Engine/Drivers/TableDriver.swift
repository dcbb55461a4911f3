import HoistAWS

extension ResourceKind {
    /// A DynamoDB table.
    public static let table = ResourceKind("table")
}

/// A DynamoDB table: keys, billing mode, point-in-time recovery. Holds data: a deploy never deletes or replaces
/// it, and destroy only with `--delete-data`.
public struct TableDriver: ResourceDriver {
    /// A key attribute: name and type (`S`, `N`, `B`).
    public struct Key: Codable, Sendable, Equatable {
        /// The attribute's name.
        public var name: String
        /// Its type.
        public var type: String
    }

    /// The table.
    public struct Spec: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// The partition key.
        public var partitionKey: Key
        /// The sort key, if any.
        public var sortKey: Key?
        /// `PAY_PER_REQUEST` or `PROVISIONED`.
        public var billingMode: String
        /// Whether point-in-time recovery is on.
        public var pointInTimeRecovery: Bool
        /// The tags, ownership tags included.
        public var tags: [String: String]
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// `name:type` of the partition key.
        case partitionKey = "partition_key"
        /// `name:type` of the sort key.
        case sortKey = "sort_key"
        /// The billing mode.
        case billingMode = "billing_mode"
        /// Point-in-time recovery.
        case pointInTimeRecovery = "point_in_time_recovery"
        /// The tags.
        case tags
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .table }
    /// Attributes whose change needs a new resource.
    public var replacing: Set<Attribute> { [.partitionKey, .sortKey] }
    /// Holds data: a deploy never deletes it, destroy only with `--delete-data`.
    public var holdsData: Bool { true }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let table = "\(scope.arnPrefix):dynamodb:\(scope.region):\(scope.account):table/\(scope.prefix)*"
        return [
            DeployerGrant(
                sid: "Tables",
                reads: ["dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTable", "dynamodb:ListTagsOfResource"],
                resources: [table]),
            DeployerGrant(
                sid: "CreateProjectTables", writes: ["dynamodb:CreateTable"], resources: [table],
                conditions: scope.taggedCreate),
            DeployerGrant(
                sid: "ChangeProjectTables",
                writes: [
                    "dynamodb:DeleteTable", "dynamodb:TagResource", "dynamodb:UntagResource",
                    "dynamodb:UpdateContinuousBackups",
                ], resources: [table], conditions: scope.ownedOnly),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [] }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        var attributes: [Attribute: PlanValue] = [
            .partitionKey: .string("\(spec.partitionKey.name):\(spec.partitionKey.type)"),
            .billingMode: .string(spec.billingMode), .pointInTimeRecovery: .bool(spec.pointInTimeRecovery),
            .tags: .stringMap(spec.tags),
        ]
        if let sortKey = spec.sortKey { attributes[.sortKey] = .string("\(sortKey.name):\(sortKey.type)") }
        return attributes
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        let dynamo = DynamoDB(client: context.client)
        guard let table = try await AWSError.nilIfNotFound({ try await dynamo.describeTable(name: spec.name) }) else {
            return nil
        }
        var attributes: [Attribute: PlanValue] = [
            .billingMode: .string(table.billingModeSummary?.billingMode ?? "PROVISIONED"),
            .pointInTimeRecovery: .bool(try await dynamo.pointInTimeRecoveryEnabled(name: spec.name)),
        ]
        var tags: [String: String] = [:]
        if let arn = table.tableArn { tags = try await dynamo.listTagsOfResource(arn: arn) }
        attributes[.tags] = .stringMap(tags)
        let types = Dictionary(
            (table.attributeDefinitions ?? []).map { ($0.attributeName, $0.attributeType) },
            uniquingKeysWith: { first, _ in first })
        for key in table.keySchema ?? [] {
            let value = PlanValue.string("\(key.attributeName):\(types[key.attributeName] ?? "?")")
            attributes[key.keyType == "HASH" ? .partitionKey : .sortKey] = value
        }
        return Observation(
            attributes: attributes, identity: ResourceIdentity(arn: table.tableArn.flatMap(ARN.init)), tags: tags)
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let dynamo = DynamoDB(client: context.client)
        _ = try await context.createOnce(
            address(of: spec), alreadyExists: ["ResourceInUseException"],
            find: {
                guard let table = try await AWSError.nilIfNotFound({ try await dynamo.describeTable(name: spec.name) }),
                    let arn = table.tableArn, context.owns(try await dynamo.listTagsOfResource(arn: arn))
                else { return nil }
                return table
            },
            create: { client in
                try await DynamoDB(client: client).createTable(
                    name: spec.name,
                    partitionKey: DynamoDBAttributeDefinition(
                        attributeName: spec.partitionKey.name, attributeType: spec.partitionKey.type),
                    sortKey: spec.sortKey.map {
                        DynamoDBAttributeDefinition(attributeName: $0.name, attributeType: $0.type)
                    }, billingMode: spec.billingMode, tags: spec.tags)
            })
        let active = try await dynamo.waitUntilActive(name: spec.name, interval: context.pollInterval)
        if spec.pointInTimeRecovery {
            try await dynamo.updateContinuousBackups(name: spec.name, pointInTimeRecovery: true)
        }
        return ResourceIdentity(arn: active.tableArn.flatMap(ARN.init))
    }

    /// Changes what differs, in place.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let dynamo = DynamoDB(client: context.client)
        if changed.contains(.billingMode) {
            throw EngineError(
                code: .unsupported, address: address(of: spec),
                message: "changing a table's billing mode is not supported",
                hint: "change it by hand, or destroy and deploy")
        }
        if changed.contains(.tags) {
            let arn = observed.identity.arn?.description ?? context.arn("dynamodb", "table/\(spec.name)").description
            let stale = observed.staleTagKeys(spec.tags)
            if !stale.isEmpty { try await dynamo.untagResource(arn: arn, keys: stale) }
            try await dynamo.tagResource(arn: arn, tags: spec.tags)
        }
        if changed.contains(.pointInTimeRecovery) {
            try await dynamo.updateContinuousBackups(name: spec.name, pointInTimeRecovery: spec.pointInTimeRecovery)
        }
        return observed.identity
    }

    /// Never: a new key needs a new table, and hoist does not delete data on its own.
    public func replace(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws
        -> ResourceIdentity
    {
        throw EngineError(
            code: .unsupported, address: address(of: spec),
            message: "changing a table's key needs a new table, and hoist never deletes data on its own",
            hint: "export the data, delete the table by hand (or `hoist destroy --delete-data`), then deploy")
    }

    /// Deletes it; one already gone counts as deleted.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        _ = try await AWSError.nilIfNotFound { try await DynamoDB(client: context.client).deleteTable(name: spec.name) }
    }
}
