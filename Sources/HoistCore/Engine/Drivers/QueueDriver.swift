import Foundation
import HoistAWS

extension ResourceKind {
    /// An SQS queue: a function's `queue:` trigger, or its dead-letter queue.
    public static let queue = ResourceKind("queue")
}

/// An SQS queue hoist creates for a function's `queue:` trigger, or the dead-letter queue behind one: visibility
/// timeout, retention, where a message goes after too many receives, tags. Found by name, owned by its tags.
///
/// Queues of the stage (named `<project>-<stage>-…`) that hoist.yml no longer names are discovered and deleted,
/// unless they hold messages: the plan keeps such a queue, and the dead-letter queue behind it, and says why
/// (``Observation/keepReason``); only `--delete-data` deletes them.
public struct QueueDriver: ResourceDriver {
    /// Where messages go that were received too often without being deleted.
    public struct DeadLetter: Codable, Sendable, Equatable {
        /// The dead-letter queue's name.
        public var queue: String
        /// Receives after which a message moves there.
        public var maxReceives: Int
    }

    /// The queue.
    public struct Spec: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// Seconds a received message stays hidden (at least six times the function's timeout for a trigger).
        public var visibilityTimeout: Int
        /// Seconds SQS keeps a message.
        public var messageRetentionSeconds: Int
        /// The dead-letter queue; nil for one that is itself a dead-letter queue.
        public var deadLetter: DeadLetter?
        /// The tags, ownership tags included.
        public var tags: [String: String]
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// Seconds a received message stays hidden.
        case visibilityTimeout = "visibility_timeout"
        /// Seconds a message is kept.
        case messageRetention = "message_retention"
        /// `to <dead-letter queue> after <n> receives`, or `none`.
        case redrive
        /// The tags.
        case tags
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .queue }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let queue = "\(scope.arnPrefix):sqs:\(scope.region):\(scope.account):\(scope.prefix)*"
        return [
            // ListQueues has no resource-level permission: it takes "*" (discovery of queues no longer configured).
            DeployerGrant(sid: "ListWithoutResourceScope", reads: ["sqs:ListQueues"], resources: ["*"]),
            DeployerGrant(
                sid: "Queues", reads: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"],
                resources: [queue]),
            DeployerGrant(
                sid: "CreateProjectQueues", writes: ["sqs:CreateQueue"], resources: [queue],
                conditions: scope.taggedCreate),
            DeployerGrant(
                sid: "ChangeProjectQueues",
                writes: ["sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"],
                resources: [queue], conditions: scope.ownedOnly),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// The dead-letter queue comes first: the redrive policy names its ARN.
    public func dependencies(of spec: Spec) -> [ResourceAddress] {
        spec.deadLetter.map { [ResourceAddress(.queue, $0.queue)] } ?? []
    }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [
            .visibilityTimeout: .int(spec.visibilityTimeout), .messageRetention: .int(spec.messageRetentionSeconds),
            .redrive: Self.redrive(spec.deadLetter), .tags: .stringMap(spec.tags),
        ]
    }

    /// `to jobs-dlq after 5 receives`, or `none`.
    static func redrive(_ deadLetter: DeadLetter?) -> PlanValue {
        .string(deadLetter.map { "to \($0.queue) after \($0.maxReceives) receives" } ?? "none")
    }

    /// `holds 3 messages`; nil for an empty queue.
    static func keepReason(_ attributes: SQSQueueAttributes) -> String? {
        let held = attributes.messagesHeld
        return held > 0 ? "holds \(held) message\(held == 1 ? "" : "s")" : nil
    }

    /// What the live queue is, read through its URL; nil when it is gone.
    static func live(_ url: String, _ context: EngineContext) async throws -> Live? {
        let sqs = SQS(client: context.client)
        guard let attributes = try await AWSError.nilIfNotFound({ try await sqs.getQueueAttributes(queueUrl: url) }),
            let tags = try await AWSError.nilIfNotFound({ try await sqs.listQueueTags(queueUrl: url) })
        else { return nil }
        return Live(url: url, attributes: attributes, tags: tags)
    }

    /// Reads the live queue; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        let sqs = SQS(client: context.client)
        guard let url = try await AWSError.nilIfNotFound({ try await sqs.getQueueUrl(name: spec.name) }),
            let live = try await Self.live(url, context)
        else { return nil }
        return live.observation
    }

    /// The stage's queues that no spec names (`<project>-<stage>-` and tagged for the stage): the plan deletes them,
    /// or keeps those holding messages and the dead-letter queues behind those.
    public func discover(desired: [Spec], _ context: EngineContext) async throws -> [(Spec, Observation<Attribute>)] {
        let named = Set(desired.map(\.name))
        var found: [Live] = []
        for url in try await SQS(client: context.client).listQueues(prefix: "\(context.names.base)-") {
            guard let name = Live.name(url), !named.contains(name), let live = try await Self.live(url, context),
                context.owns(live.tags)
            else { continue }
            found.append(live)
        }
        return Self.keepingDeadLetters(found).compactMap { live in live.spec.map { ($0, live.observation) } }
    }

    /// A dead-letter queue whose source queue is kept is kept too: the source's redrive still names it.
    static func keepingDeadLetters(_ found: [Live]) -> [Live] {
        let keptSources = found.filter { $0.observation.keepReason != nil }
        return found.map { live in
            guard live.observation.keepReason == nil, let name = live.name,
                let source = keptSources.first(where: { $0.deadLetter?.queue == name }), let sourceName = source.name
            else { return live }
            var kept = live
            kept.keepReason = "the dead-letter queue of queue.\(sourceName), which is kept"
            return kept
        }
    }

    /// The attributes CreateQueue and SetQueueAttributes send; the redrive policy names the dead-letter queue's
    /// ARN, known once it exists (or made from its name).
    func attributes(_ spec: Spec, _ context: EngineContext, only changed: Set<Attribute>? = nil)
        -> [SQSQueueAttributeName: String]
    {
        var attributes: [SQSQueueAttributeName: String] = [:]
        if changed?.contains(.visibilityTimeout) ?? true {
            attributes[.visibilityTimeout] = String(spec.visibilityTimeout)
        }
        if changed?.contains(.messageRetention) ?? true {
            attributes[.messageRetentionPeriod] = String(spec.messageRetentionSeconds)
        }
        if let deadLetter = spec.deadLetter, changed?.contains(.redrive) ?? true {
            let arn =
                context.scope.identities[ResourceAddress(.queue, deadLetter.queue)]?.arn
                ?? context.arn("sqs", deadLetter.queue)
            attributes[.redrivePolicy] =
                SQSRedrivePolicy(deadLetterTargetArn: arn.description, maxReceiveCount: deadLetter.maxReceives).json
        } else if changed?.contains(.redrive) == true {
            attributes[.redrivePolicy] = ""  // removes it
        }
        return attributes
    }

    /// CreateQueue, read first after a lost answer; SQS refuses a name deleted less than 60 seconds ago, so that is
    /// waited out.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let address = self.address(of: spec)
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await createQueue(spec, context)
            } catch let error as AWSError where error.code == "QueueDeletedRecently" && attempt < 8 {
                context.report("  \(address): deleted less than 60 s ago; creating it again in 10 s")
                try await context.client.sleep(10)
            }
        }
    }

    /// One CreateQueue (through ``EngineContext/createOnce``), then the tags are checked and the ARN read.
    func createQueue(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let address = self.address(of: spec)
        let sqs = SQS(client: context.client)
        let url = try await context.createOnce(
            address, alreadyExists: ["QueueNameExists", "QueueAlreadyExists"],
            find: { () async throws -> String? in
                guard let url = try await AWSError.nilIfNotFound({ try await sqs.getQueueUrl(name: spec.name) }),
                    context.owns(try await sqs.listQueueTags(queueUrl: url))
                else { return nil }
                return url
            },
            create: { client in
                try await SQS(client: client).createQueue(
                    name: spec.name, attributes: attributes(spec, context), tags: spec.tags)
            })
        // SQS answers an existing queue of the name with the same attributes as if it created it: its tags tell.
        guard context.owns(try await sqs.listQueueTags(queueUrl: url)) else {
            throw EngineError(
                code: .conflict, address: address, message: "a queue of this name exists and is not this stage's",
                hint: "see `hoist plan`; pass --adopt to take over an untagged one")
        }
        let arn = try await sqs.getQueueAttributes(queueUrl: url, names: [.queueArn]).queueArn
        return ResourceIdentity(arn: arn.flatMap(ARN.init) ?? context.arn("sqs", spec.name), id: url)
    }

    /// Changes what differs in one SetQueueAttributes, then the tags.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let sqs = SQS(client: context.client)
        let url = try await Self.url(spec, observed, context)
        let changes = attributes(spec, context, only: changed)
        if !changes.isEmpty { try await sqs.setQueueAttributes(queueUrl: url, attributes: changes) }
        if changed.contains(.tags) {
            let stale = observed.staleTagKeys(spec.tags)
            if !stale.isEmpty { try await sqs.untagQueue(queueUrl: url, keys: stale) }
            try await sqs.tagQueue(queueUrl: url, tags: spec.tags)
        }
        var identity = observed.identity
        identity.id = url
        return identity
    }

    /// The URL the plan read, or asked again.
    static func url(_ spec: Spec, _ observed: ObservedResource, _ context: EngineContext) async throws -> String {
        if let url = observed.identity.id { return url }
        return try await SQS(client: context.client).getQueueUrl(name: spec.name)
    }

    /// Deletes it, messages and all; one already gone counts as deleted. A queue the plan read empty that holds
    /// messages now is refused: the plan did not say it would lose them.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        let sqs = SQS(client: context.client)
        guard let url = try await AWSError.nilIfNotFound({ try await Self.url(spec, observed, context) }) else {
            return
        }
        if observed.keepReason == nil, let live = try await Self.live(url, context),
            let reason = Self.keepReason(live.attributes)
        {
            throw EngineError(
                code: .drift, address: address(of: spec),
                message: "\(reason) now, which the plan did not see; nothing was deleted",
                hint: "review a new plan: it keeps the queue, or deletes it with --delete-data")
        }
        _ = try await AWSError.nilIfNotFound { try await sqs.deleteQueue(queueUrl: url) }
    }
}
