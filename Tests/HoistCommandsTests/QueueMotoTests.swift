import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@testable import HoistCore

/// The queue and event source mapping drivers through the engine (reader, planner, applier) against moto with
/// SigV4 enforced, behind scripts/awsproxy.py recording every request for scripts/validate_requests.py.
@Suite(
    "Queues and event source mappings against moto", .serialized,
    .enabled(if: HoistBinary.motoShouldRun, MotoTestBed.skipNote))
struct QueueMotoTests {
    /// Reads and plans as DeploymentPlanner does (a fresh context, so no list answer is reused), for specs given
    /// directly instead of through hoist.yml; applies as the engine does.
    struct Engine {
        let bed: CanaryMotoBed
        let project: String

        func context() -> EngineContext {
            var context = EngineContext(
                client: bed.client,
                scope: DeploymentScope(project: project, stage: "dev", account: "123456789012", region: "us-east-1"))
            context.pollInterval = 0
            return context
        }

        func state<Driver: ResourceDriver>(_ driver: Driver, _ spec: Driver.Spec) throws -> ResourceState {
            try AnyResourceDriver.state(driver, spec, context().scope)
        }

        func plan(_ desired: [ResourceState], probes: [ResourceState] = [], deleteData: Bool = false) async throws
            -> Plan
        {
            let observed = try await StateReader(context: context()).read(desired + probes)
            return Planner.plan(
                project: project, stage: "dev", region: "us-east-1", account: "123456789012", desired: desired,
                observed: observed, deleteData: deleteData)
        }

        func apply(_ plan: Plan) async throws { _ = try await PlanApplier(context: context()).apply(plan) }
    }

    static func project(_ prefix: String) -> String { "\(prefix)\(UUID().uuidString.prefix(6).lowercased())" }

    static func queue(_ name: String, visibility: Int = 180, deadLetter: String? = nil, project: String)
        -> QueueDriver.Spec
    {
        QueueDriver.Spec(
            name: name, visibilityTimeout: visibility, messageRetentionSeconds: 345_600,
            deadLetter: deadLetter.map { .init(queue: $0, maxReceives: 5) },
            tags: [Ownership.projectTag: project, Ownership.stageTag: "dev", "team": "jobs"])
    }

    /// What changes, as `action address [attributes]`.
    static func changes(_ plan: Plan) -> [String] {
        plan.resources.filter { $0.action != .noOp }.map {
            "\($0.action.rawValue) \($0.address) \($0.changes.map(\.attribute))"
        }
    }

    /// Every SQS action the drivers sent is one the deployer policy allows (the test's own SendMessage apart).
    static func expectDeployerPolicyCovers(_ recorder: RecordingTransport) {
        let granted = Set(
            PolicyGenerator.deployerPolicy(region: "us-east-1", account: "123456789012", project: "any")
                .statements.filter { $0.effect == .allow }.flatMap(\.actions))
        let sent = Set(recorder.targets.map { "sqs:\($0)" }).subtracting(["sqs:SendMessage"])
        #expect(sent.subtracting(granted).isEmpty, "not in the deployer policy: \(sent.subtracting(granted).sorted())")
    }

    @Test(
        "a queue with its dead-letter queue: created, read back, unchanged, one attribute updated, kept while it holds a message, deleted with deleteData"
    )
    func queueLifecycle() async throws {
        let bed = try CanaryMotoBed()
        let project = Self.project("mq")
        let engine = Engine(bed: bed, project: project)
        let jobs = "\(project)-dev-jobs"
        let dlq = "\(project)-dev-jobs-dlq"
        var desired = [
            try engine.state(QueueDriver(), Self.queue(dlq, project: project)),
            try engine.state(QueueDriver(), Self.queue(jobs, deadLetter: dlq, project: project)),
        ]

        let first = try await engine.plan(desired)
        #expect(
            Self.changes(first).map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == [
                "create queue.\(dlq)", "create queue.\(jobs)",
            ])
        try await engine.apply(first)
        let sqs = SQS(client: bed.client)
        let url = try await sqs.getQueueUrl(name: jobs)
        let attributes = try await sqs.getQueueAttributes(queueUrl: url)
        #expect(attributes.visibilityTimeout == 180 && attributes.messageRetentionPeriod == 345_600)
        #expect(
            attributes.redrivePolicy
                == SQSRedrivePolicy(
                    deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:\(dlq)", maxReceiveCount: 5))
        #expect(try await sqs.listQueueTags(queueUrl: url)[Ownership.projectTag] == project)
        #expect(try await sqs.getQueueAttributes(queueUrl: try await sqs.getQueueUrl(name: dlq)).redrivePolicy == nil)

        let second = try await engine.plan(desired)
        #expect(!second.hasChanges, "\(PlanRenderer.text(second, color: false))")
        #expect(
            second.resources.first { $0.address.name == jobs }?.observed?.attributes["redrive"]
                == .string("to \(dlq) after 5 receives"))

        desired[1] = try engine.state(
            QueueDriver(), Self.queue(jobs, visibility: 240, deadLetter: dlq, project: project))
        let third = try await engine.plan(desired)
        #expect(Self.changes(third) == ["update queue.\(jobs) [\"visibility_timeout\"]"])
        let before = bed.recorder.targets.count
        try await engine.apply(third)
        #expect(Array(bed.recorder.targets.dropFirst(before)) == ["SetQueueAttributes"])
        let updated = try await sqs.getQueueAttributes(queueUrl: url)
        #expect(updated.visibilityTimeout == 240 && updated.redrivePolicy?.maxReceiveCount == 5)

        // A tag removed and one added: UntagQueue of the stale key, then TagQueue.
        var retagged = Self.queue(jobs, visibility: 240, deadLetter: dlq, project: project)
        retagged.tags["team"] = nil
        retagged.tags["owner"] = "ops"
        desired[1] = try engine.state(QueueDriver(), retagged)
        let fourth = try await engine.plan(desired)
        #expect(Self.changes(fourth) == ["update queue.\(jobs) [\"tags\"]"])
        let tagging = bed.recorder.targets.count
        try await engine.apply(fourth)
        #expect(Array(bed.recorder.targets.dropFirst(tagging)) == ["UntagQueue", "TagQueue"])
        #expect(try await sqs.listQueueTags(queueUrl: url) == retagged.tags)

        // Out of the config while it holds a message: kept, with its dead-letter queue, and the plan says so.
        _ = try await sqs.sendMessage(queueUrl: url, body: #"{"job":1}"#)
        let pruned = try await engine.plan([])
        #expect(!pruned.hasChanges, "\(PlanRenderer.text(pruned, color: false))")
        #expect(Set(pruned.kept) == [ResourceAddress(.queue, jobs), ResourceAddress(.queue, dlq)])
        #expect(pruned.notes.contains("kept queue.\(jobs): holds 1 message (pass --delete-data to delete it)"))
        #expect(
            pruned.notes.contains(
                "kept queue.\(dlq): the dead-letter queue of queue.\(jobs), which is kept (pass --delete-data to delete it)"
            ))
        try await engine.apply(pruned)
        #expect(try await sqs.getQueueAttributes(queueUrl: url).messagesHeld == 1)

        let deleting = try await engine.plan([], deleteData: true)
        #expect(Set(deleting.removed) == [ResourceAddress(.queue, jobs), ResourceAddress(.queue, dlq)])
        try await engine.apply(deleting)
        for name in [jobs, dlq] {
            #expect(try await AWSError.nilIfNotFound { try await sqs.getQueueUrl(name: name) } == nil, "\(name)")
        }
        Self.expectDeployerPolicyCovers(bed.recorder)
        try bed.expectValidTraffic([
            "sqs:CreateQueue", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:ListQueueTags", "sqs:ListQueues",
            "sqs:TagQueue", "sqs:UntagQueue",
            "sqs:SetQueueAttributes",
            "sqs:DeleteQueue", "sqs:SendMessage",
        ])
    }

    @Test(
        "the message calls of hoist dev's poller: send, receive with the receive count, hide again, delete in batches")
    func messages() async throws {
        let bed = try CanaryMotoBed()
        let sqs = SQS(client: bed.client)
        let url = try await sqs.createQueue(
            name: "\(Self.project("mm"))-dev-inbox", attributes: [.visibilityTimeout: "30"])
        for index in 0..<12 { _ = try await sqs.sendMessage(queueUrl: url, body: #"{"n":\#(index)}"#) }
        let first = try await sqs.receiveMessages(queueUrl: url, maxNumberOfMessages: 10, waitTimeSeconds: 0)
        #expect(first.count == 10)
        #expect(first.allSatisfy { $0.approximateReceiveCount == 1 && $0.receiptHandle != nil })
        let rest = try await sqs.receiveMessages(queueUrl: url, maxNumberOfMessages: 10, waitTimeSeconds: 1)
        #expect(rest.count == 2)
        #expect(try await sqs.getQueueAttributes(queueUrl: url).approximateNumberOfMessagesNotVisible == 12)

        // One handed back at once comes again, counted twice.
        let returned = try #require(first.first)
        try await sqs.changeMessageVisibility(
            queueUrl: url, receiptHandle: try #require(returned.receiptHandle), visibilityTimeout: 0)
        let again = try await sqs.receiveMessages(queueUrl: url, maxNumberOfMessages: 10, waitTimeSeconds: 1)
        #expect(again.map(\.messageId) == [returned.messageId])
        #expect(again.first?.approximateReceiveCount == 2)
        #expect(again.first?.body == returned.body)

        let handles = (first.dropFirst() + rest + again).compactMap(\.receiptHandle)
        #expect(handles.count == 12)
        #expect(try await sqs.deleteMessages(queueUrl: url, receiptHandles: handles).isEmpty)
        #expect(try await sqs.getQueueAttributes(queueUrl: url).messagesHeld == 0)
        #expect(try await sqs.receiveMessages(queueUrl: url, waitTimeSeconds: 0).isEmpty)
        try await sqs.deleteQueue(queueUrl: url)
        try bed.expectValidTraffic([
            "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessageBatch",
        ])
    }

    @Test(
        "the deploy plan keeps a queue no longer configured that holds messages; destroy deletes it only with --delete-data"
    )
    func keptByDeployAndDestroy() async throws {
        let bed = try CanaryMotoBed()
        let project = Self.project("mk")
        let engine = Engine(bed: bed, project: project)
        let full = "\(project)-dev-full"
        let empty = "\(project)-dev-empty"
        try await engine.apply(
            try await engine.plan([
                try engine.state(QueueDriver(), Self.queue(full, project: project)),
                try engine.state(QueueDriver(), Self.queue(empty, project: project)),
            ]))
        let sqs = SQS(client: bed.client)
        _ = try await sqs.sendMessage(queueUrl: try await sqs.getQueueUrl(name: full), body: "kept")
        let inputs = DeploymentInputs(
            project: project, stage: "dev", region: "us-east-1", account: "123456789012",
            code: .init(sha256Base64: "Y29kZQ==", sha256Hex: "c0de", bytes: 4, viaS3: false))
        let planner = DeploymentPlanner(client: bed.client)

        // hoist.yml names neither queue: the deploy plan deletes the empty one and keeps the other.
        let deploy = try await planner.plan(inputs)
        #expect(deploy.removed == [ResourceAddress(.queue, empty)])
        #expect(deploy.kept == [ResourceAddress(.queue, full)])
        #expect(deploy.notes.contains("kept queue.\(full): holds 1 message (pass --delete-data to delete it)"))
        let deployAll = try await planner.plan(inputs, deleteData: true)
        #expect(Set(deployAll.removed) == [ResourceAddress(.queue, empty), ResourceAddress(.queue, full)])

        let destroy = try await planner.destroyPlan(inputs, deleteData: false)
        #expect(destroy.removed == [ResourceAddress(.queue, empty)])
        #expect(destroy.kept == [ResourceAddress(.queue, full)])
        #expect(destroy.notes.contains("kept queue.\(full): holds 1 message (pass --delete-data to delete it)"))
        let destroyAll = try await planner.destroyPlan(inputs, deleteData: true)
        #expect(Set(destroyAll.removed) == [ResourceAddress(.queue, empty), ResourceAddress(.queue, full)])
        #expect(destroyAll.kept.isEmpty)
        try await DeploymentEngine(client: bed.client, inputs: inputs).apply(destroyAll)
        for name in [full, empty] {
            #expect(try await AWSError.nilIfNotFound { try await sqs.getQueueUrl(name: name) } == nil, "\(name)")
        }
        try bed.expectValidTraffic(["sqs:ListQueues", "sqs:DeleteQueue"])
    }

    @Test(
        "an event source mapping on the function's alias: created with its batch settings, unchanged, updated in place, moved to another queue, removed with the trigger"
    )
    func mappingLifecycle() async throws {
        let bed = try CanaryMotoBed()
        let project = Self.project("mf")
        // The function, `<project>-<8 hex>`, has version 1 and 2 and its alias `live` on 1.
        let function = try await bed.functionWithTwoVersions(project).functionName
        let engine = Engine(bed: bed, project: project)
        let jobs = "\(project)-dev-jobs"
        let other = "\(project)-dev-other"
        let queues = [
            try engine.state(QueueDriver(), Self.queue(jobs, project: project)),
            try engine.state(QueueDriver(), Self.queue(other, project: project)),
        ]
        var mapping = EventSourceMappingDriver.Spec(
            function: function, qualifier: "live", queue: jobs, batchSize: 25, batchingWindowSeconds: 5,
            reportBatchItemFailures: true)
        let created = try await engine.plan(queues + [try engine.state(EventSourceMappingDriver(), mapping)])
        #expect(created.resources.filter { $0.action == .create }.count == 3)
        try await engine.apply(created)

        let lambda = Lambda(client: bed.client)
        let live = try await lambda.listEventSourceMappings(functionName: "\(function):live")
        #expect(live.count == 1)
        let first = try #require(live.first)
        #expect(first.eventSourceArn == "arn:aws:sqs:us-east-1:123456789012:\(jobs)")
        #expect(first.functionArn == "arn:aws:lambda:us-east-1:123456789012:function:\(function):live")
        #expect(first.batchSize == 25 && first.maximumBatchingWindowInSeconds == 5)
        #expect(first.functionResponseTypes == ["ReportBatchItemFailures"])
        let uuid = try #require(first.uuid)
        #expect(try await lambda.getEventSourceMapping(uuid: uuid).batchSize == 25)

        #expect(!(try await engine.plan(queues + [try engine.state(EventSourceMappingDriver(), mapping)])).hasChanges)

        mapping.batchSize = 10
        mapping.reportBatchItemFailures = false
        let changed = try await engine.plan(queues + [try engine.state(EventSourceMappingDriver(), mapping)])
        #expect(
            Self.changes(changed) == [
                "update event_source_mapping.\(function) [\"batch_size\", \"report_batch_item_failures\"]"
            ])
        try await engine.apply(changed)
        let updated = try await lambda.getEventSourceMapping(uuid: uuid)
        #expect(updated.batchSize == 10 && !updated.reportsBatchItemFailures)
        #expect(updated.maximumBatchingWindowInSeconds == 5)

        // The trigger moves: a new mapping from the other queue, the old one deleted after.
        mapping.queue = other
        let moved = try await engine.plan(queues + [try engine.state(EventSourceMappingDriver(), mapping)])
        #expect(
            Self.changes(moved).map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == [
                "create event_source_mapping.\(function)", "delete event_source_mapping.\(function)/\(jobs)",
            ])
        #expect(moved.resources.last?.reason == "the function's trigger is queue.\(other) now")
        try await engine.apply(moved)
        let after = try await lambda.listEventSourceMappings(functionName: "\(function):live")
        #expect(after.map(\.eventSourceArn) == ["arn:aws:sqs:us-east-1:123456789012:\(other)"])

        // The trigger is gone from the config: the probe finds the mapping, and the plan deletes it.
        let probe = try engine.state(
            EventSourceMappingDriver(), EventSourceMappingDriver.probe(function: function, qualifier: "live"))
        let removed = try await engine.plan(queues, probes: [probe])
        #expect(removed.removed == [ResourceAddress(.eventSourceMapping, "\(function)/\(other)")])
        #expect(removed.resources.last?.reason == "the function has no queue trigger any more")
        try await engine.apply(removed)
        #expect(try await lambda.listEventSourceMappings(functionName: "\(function):live").isEmpty)
        #expect(!(try await engine.plan(queues, probes: [probe])).hasChanges)

        try await engine.apply(try await engine.plan([], deleteData: true))
        try await lambda.deleteFunction(name: function)
        Self.expectDeployerPolicyCovers(bed.recorder)
        try bed.expectValidTraffic([
            "lambda:CreateEventSourceMapping", "lambda:ListEventSourceMappings", "lambda:GetEventSourceMapping",
            "lambda:UpdateEventSourceMapping",
            "lambda:DeleteEventSourceMapping",
        ])
    }
}
