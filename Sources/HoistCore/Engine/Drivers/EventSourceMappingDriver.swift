import HoistAWS

extension ResourceKind {
    /// A Lambda event source mapping: Lambda polls a queue and invokes a function's alias with its messages.
    public static let eventSourceMapping = ResourceKind("event_source_mapping")
}

/// What makes a function's queue its trigger: Lambda polls the queue and invokes the function's alias (`live`) with
/// up to `batchSize` messages gathered for up to `batchingWindowSeconds`, and with partial batch responses the
/// function names the messages that failed, so only those come back. Owned through the function; found among the
/// alias's mappings by its queue. A mapping on the alias from another queue (the trigger moved, or is gone:
/// ``probe(function:qualifier:)``) is discovered and deleted.
public struct EventSourceMappingDriver: ResourceDriver {
    /// The mapping.
    public struct Spec: Codable, Sendable, Equatable {
        /// The function's name.
        public var function: String
        /// The alias Lambda invokes.
        public var qualifier: String
        /// The queue's name; empty for a probe.
        public var queue: String
        /// Messages per invocation, at most (1 to 10,000; above 10 needs a batching window).
        public var batchSize: Int
        /// Seconds Lambda gathers messages before it invokes with fewer than a batch (0 to 300).
        public var batchingWindowSeconds: Int
        /// Whether the function reports the messages that failed (ReportBatchItemFailures).
        public var reportBatchItemFailures: Bool
        /// True for a mapping found on the alias from another queue than the desired one, which the plan deletes
        /// (named `<function>/<queue>`); nil for the desired mapping.
        public var stale: Bool?
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// The queue's name.
        case queue
        /// `<function>:<alias>`.
        case target
        /// Messages per invocation.
        case batchSize = "batch_size"
        /// Seconds of gathering.
        case batchingWindow = "batching_window"
        /// `partial batch responses`, or `off`.
        case reportBatchItemFailures = "report_batch_item_failures"
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .eventSourceMapping }

    /// What the deploying identity needs for this kind: mappings exist only of the project's functions (mappings
    /// carry no project tag hoist sets; the function's ARN is the condition Lambda offers).
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let function = "\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):function:\(scope.prefix)*"
        let onProjectFunctions = ["ArnLike": ["lambda:FunctionArn": [function]]]
        return [
            // ListEventSourceMappings and CreateEventSourceMapping have no resource-level permission: "*".
            DeployerGrant(
                sid: "ListWithoutResourceScope", reads: ["lambda:ListEventSourceMappings"], resources: ["*"]),
            DeployerGrant(
                sid: "CreateProjectEventSourceMappings", writes: ["lambda:CreateEventSourceMapping"],
                resources: ["*"], conditions: onProjectFunctions),
            DeployerGrant(
                sid: "ChangeProjectEventSourceMappings",
                writes: ["lambda:DeleteEventSourceMapping", "lambda:UpdateEventSourceMapping"],
                resources: ["\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):event-source-mapping:*"],
                conditions: onProjectFunctions),
        ]
    }

    /// What the reader looks for on a function without a queue trigger, so that a mapping a removed trigger left on
    /// its alias is deleted: it reads nothing itself, and discovers every queue mapping on the alias.
    public static func probe(function: String, qualifier: String) -> Spec {
        Spec(
            function: function, qualifier: qualifier, queue: "", batchSize: 10, batchingWindowSeconds: 0,
            reportBatchItemFailures: false)
    }

    /// The function's name; `<function>/<queue>` for a stale mapping.
    public func name(of spec: Spec) -> String { spec.stale == true ? "\(spec.function)/\(spec.queue)" : spec.function }
    /// The queue, the alias it invokes, and the role policy that lets the function receive from the queue (Lambda
    /// checks it when the mapping is created).
    public func dependencies(of spec: Spec) -> [ResourceAddress] {
        [
            ResourceAddress(.queue, spec.queue), ResourceAddress(.alias, Self.target(spec)),
            ResourceAddress(.rolePolicy, "\(spec.function)-execution"),
        ]
    }
    /// Owned through the function.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.function, spec.function) }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [
            .queue: .string(spec.queue), .target: .string(Self.target(spec)), .batchSize: .int(spec.batchSize),
            .batchingWindow: .int(spec.batchingWindowSeconds),
            .reportBatchItemFailures: Self.partialBatches(spec.reportBatchItemFailures),
        ]
    }

    /// `partial batch responses`, or `off`.
    static func partialBatches(_ on: Bool) -> PlanValue { .string(on ? "partial batch responses" : "off") }

    /// `<function>:<alias>`: what the mapping invokes, and the FunctionName it is listed by.
    static func target(_ spec: Spec) -> String { "\(spec.function):\(spec.qualifier)" }

    /// The queue a mapping reads, when it reads one.
    static func queueName(_ mapping: EventSourceMappingConfiguration) -> String? {
        guard let arn = mapping.eventSourceArn.flatMap(ARN.init), arn.service == "sqs" else { return nil }
        return arn.resource
    }

    /// The alias's queue mappings that are not being deleted, read once per plan.
    static func mappings(_ spec: Spec, _ context: EngineContext) async throws -> [EventSourceMappingConfiguration] {
        try await context.cache.memo("event-source-mappings:\(target(spec))") {
            try await listed(spec, context).filter { $0.state != EventSourceMappingConfiguration.deleting }
        }
    }

    /// Every queue mapping on the alias, as Lambda lists them now; none when the function is gone.
    static func listed(_ spec: Spec, _ context: EngineContext) async throws -> [EventSourceMappingConfiguration] {
        let all = try await AWSError.nilIfNotFound {
            try await Lambda(client: context.client).listEventSourceMappings(functionName: target(spec))
        }
        return (all ?? []).filter { queueName($0) != nil }
    }

    /// What the plan compares, with the UUID as id.
    func observation(_ mapping: EventSourceMappingConfiguration) -> Observation<Attribute> {
        let function = mapping.functionArn.flatMap(ARN.init)?.resource
        let target = function.map { $0.hasPrefix("function:") ? String($0.dropFirst("function:".count)) : $0 }
        return Observation(
            attributes: [
                .queue: .string(Self.queueName(mapping) ?? ""), .target: .string(target ?? ""),
                .batchSize: .int(mapping.batchSize ?? 10),
                .batchingWindow: .int(mapping.maximumBatchingWindowInSeconds ?? 0),
                .reportBatchItemFailures: Self.partialBatches(mapping.reportsBatchItemFailures),
            ],
            identity: ResourceIdentity(arn: mapping.eventSourceMappingArn.flatMap(ARN.init), id: mapping.uuid),
            tags: nil)
    }

    /// The alias's mapping from the spec's queue; nil when there is none (or for a probe).
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard !spec.queue.isEmpty,
            let mapping = try await Self.mappings(spec, context).first(where: { Self.queueName($0) == spec.queue })
        else { return nil }
        return observation(mapping)
    }

    /// The alias's mappings from other queues than the spec's: the trigger moved (or, for a probe, is gone).
    public func discover(desired: [Spec], _ context: EngineContext) async throws -> [(Spec, Observation<Attribute>)] {
        var found: [(Spec, Observation<Attribute>)] = []
        for spec in desired where spec.stale != true {
            for mapping in try await Self.mappings(spec, context) {
                guard let queue = Self.queueName(mapping), queue != spec.queue else { continue }
                var stale = spec
                stale.queue = queue
                stale.stale = true
                stale.batchSize = mapping.batchSize ?? 10
                stale.batchingWindowSeconds = mapping.maximumBatchingWindowInSeconds ?? 0
                stale.reportBatchItemFailures = mapping.reportsBatchItemFailures
                var live = observation(mapping)
                live.pruneReason =
                    spec.queue.isEmpty
                    ? "the function has no queue trigger any more" : "the function's trigger is queue.\(spec.queue) now"
                found.append((stale, live))
            }
        }
        return found
    }

    /// The queue's ARN: known once it exists, or made from its name.
    func queueArn(_ spec: Spec, _ context: EngineContext) -> String {
        (context.scope.identities[ResourceAddress(.queue, spec.queue)]?.arn ?? context.arn("sqs", spec.queue))
            .description
    }

    /// CreateEventSourceMapping on the alias, read first after a lost answer (Lambda refuses a second mapping of the
    /// queue and alias); a role policy Lambda does not see yet is waited for.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let address = self.address(of: spec)
        let queueArn = queueArn(spec, context)
        let created = try await context.createOnce(
            address, alreadyExists: ["ResourceConflictException"],
            find: { try await Self.listed(spec, context).first { Self.queueName($0) == spec.queue } },
            create: { client in
                try await context.retryingEventualConsistency(address) {
                    try await Lambda(client: client).createEventSourceMapping(
                        functionName: Self.target(spec), eventSourceArn: queueArn, batchSize: spec.batchSize,
                        maximumBatchingWindowInSeconds: spec.batchingWindowSeconds,
                        functionResponseTypes: spec.reportBatchItemFailures
                            ? [EventSourceMappingConfiguration.reportBatchItemFailures] : nil, enabled: true)
                }
            })
        context.report("  \(address): \(spec.queue) → \(Self.target(spec))")
        return observation(created).identity
    }

    /// One UpdateEventSourceMapping of what differs.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let address = self.address(of: spec)
        guard let uuid = observed.identity.id else {
            throw EngineError(code: .missingDependency, address: address, message: "the plan read no UUID for it")
        }
        let updated = try await Self.whenSettled(address, context) {
            try await Lambda(client: context.client).updateEventSourceMapping(
                uuid: uuid, functionName: changed.contains(.target) ? Self.target(spec) : nil,
                batchSize: changed.contains(.batchSize) ? spec.batchSize : nil,
                maximumBatchingWindowInSeconds: changed.contains(.batchingWindow) ? spec.batchingWindowSeconds : nil,
                functionResponseTypes: changed.contains(.reportBatchItemFailures)
                    ? (spec.reportBatchItemFailures ? [EventSourceMappingConfiguration.reportBatchItemFailures] : [])
                    : nil)
        }
        return observation(updated).identity
    }

    /// Deletes it; one already gone, or already being deleted, counts as deleted (Lambda deletes asynchronously).
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        guard let uuid = observed.identity.id else { return }
        try await Self.whenSettled(address(of: spec), context) {
            do {
                _ = try await AWSError.nilIfNotFound {
                    try await Lambda(client: context.client).deleteEventSourceMapping(uuid: uuid)
                }
            } catch let error as AWSError where error.code == Self.inUse {
                let live = try await Self.listed(spec, context).first { $0.uuid == uuid }
                guard let live, live.state != EventSourceMappingConfiguration.deleting else { return }
                throw error
            }
        }
    }

    /// Lambda's refusal to change a mapping while it is being created, updated or deleted.
    static let inUse = "ResourceInUseException"

    /// Runs a change of the mapping, waiting while Lambda still creates or updates it (``inUse``).
    static func whenSettled<T: Sendable>(
        _ address: ResourceAddress, _ context: EngineContext, _ body: () async throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await body()
            } catch let error as AWSError where error.code == inUse && attempt < context.eventualConsistencyAttempts {
                context.report("  \(address): \(error.code), waiting for Lambda (attempt \(attempt + 1))")
                try await context.client.sleep(min(8, context.pollInterval * Double(1 << (attempt - 1))))
            }
        }
    }
}
