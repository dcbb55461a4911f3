import HoistAWS

extension ResourceKind {
    /// A function's CloudWatch log group.
    public static let logGroup = ResourceKind("log_group")
}

/// A function's log group `/aws/lambda/<function>`, with its retention.
public struct LogGroupDriver: ResourceDriver {
    /// The log group.
    public struct Spec: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// Retention in days; nil keeps events forever.
        public var retentionDays: Int?
        /// The tags, ownership tags included.
        public var tags: [String: String]
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// Retention.
        case retentionDays = "retention_days"
        /// The tags.
        case tags
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .logGroup }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let group = "\(scope.arnPrefix):logs:\(scope.region):\(scope.account):log-group:/aws/lambda/\(scope.prefix)*"
        return [
            // DescribeLogGroups has no resource-level permission: it takes "*".
            DeployerGrant(sid: "ListWithoutResourceScope", reads: ["logs:DescribeLogGroups"], resources: ["*"]),
            DeployerGrant(sid: "Logs", reads: ["logs:ListTagsForResource"], resources: [group]),
            // `hoist logs` reads events, which are the functions' data: only of log groups tagged for the
            // project (movies must not read movies-api's, though <project>-* names both). A read: in --read-only.
            DeployerGrant(
                sid: "ReadProjectLogs", reads: ["logs:FilterLogEvents"], resources: [group],
                conditions: scope.ownedOnly),
            DeployerGrant(
                sid: "CreateProjectLogs", writes: ["logs:CreateLogGroup"], resources: [group],
                conditions: scope.taggedCreate),
            DeployerGrant(
                sid: "ChangeProjectLogs",
                writes: ["logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:TagResource", "logs:UntagResource"],
                resources: [group], conditions: scope.ownedOnly),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [] }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        var attributes: [Attribute: PlanValue] = [.tags: .stringMap(spec.tags)]
        if let days = spec.retentionDays { attributes[.retentionDays] = .int(days) }
        return attributes
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        let logs = CloudWatchLogs(client: context.client, account: context.account, partition: context.partition)
        guard let group = try await logs.logGroup(named: spec.name) else { return nil }
        let tags = try await logs.listTags(name: spec.name)
        var attributes: [Attribute: PlanValue] = [.tags: .stringMap(tags)]
        if let days = group.retentionInDays { attributes[.retentionDays] = .int(days) }
        return Observation(attributes: attributes, tags: tags)
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let logs = CloudWatchLogs(client: context.client, account: context.account, partition: context.partition)
        _ = try await context.createOnce(
            address(of: spec), alreadyExists: ["ResourceAlreadyExistsException"],
            find: { () async throws -> Bool? in
                guard try await logs.logGroup(named: spec.name) != nil,
                    context.owns(try await logs.listTags(name: spec.name))
                else { return nil }
                return true
            },
            create: { client in
                try await CloudWatchLogs(client: client, account: context.account, partition: context.partition)
                    .createLogGroup(name: spec.name, tags: spec.tags)
                return true
            })
        if let days = spec.retentionDays { try await logs.putRetentionPolicy(name: spec.name, days: days) }
        return ResourceIdentity(arn: context.arn("logs", "log-group:\(spec.name)"))
    }

    /// Changes what differs, in place.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let logs = CloudWatchLogs(client: context.client, account: context.account, partition: context.partition)
        if let days = spec.retentionDays, changed.contains(.retentionDays) {
            try await logs.putRetentionPolicy(name: spec.name, days: days)
        }
        if changed.contains(.tags) {
            let stale = observed.staleTagKeys(spec.tags)
            if !stale.isEmpty { try await logs.untag(name: spec.name, keys: stale) }
            try await logs.tag(name: spec.name, tags: spec.tags)
        }
        return observed.identity
    }

    /// Deletes it; one already gone counts as deleted.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        _ = try await AWSError.nilIfNotFound {
            try await CloudWatchLogs(client: context.client, account: context.account, partition: context.partition)
                .deleteLogGroup(name: spec.name)
        }
    }
}
