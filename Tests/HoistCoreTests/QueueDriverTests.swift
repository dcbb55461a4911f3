import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@testable import HoistCore

/// Queues and their event source mappings without AWS: rendering, what a plan keeps, and the drivers' answers to
/// what moto does not do (a name deleted recently, a policy not seen yet, a mapping still changing).
@Suite("Queues and event source mappings: rendering, keeping, waiting")
struct QueueDriverTests {
    /// A file under `Tests/HoistCoreTests/Fixtures/queues/`.
    static func fixture(_ name: String, status: Int = 200, type: String? = nil) throws -> HTTPResponse {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let body = try Data(contentsOf: folder.appendingPathComponent("queues/\(name)"))
        return HTTPResponse(
            status: status, headers: type.map { [HTTPHeader("x-amzn-ErrorType", $0)] } ?? [], body: Array(body))
    }

    /// An engine context for `movies-api`/`dev` on `transport`, recording its waits.
    static func context(_ transport: FakeTransport, sleeps: Sleeps = Sleeps()) -> EngineContext {
        let client = AWSClient(
            transport: transport,
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
            region: "us-east-1", environment: AWSEnvironment(variables: [:]), sleep: { sleeps.record($0) })
        var context = EngineContext(
            client: client,
            scope: DeploymentScope(project: "movies-api", stage: "dev", account: "123456789012", region: "us-east-1"))
        context.pollInterval = 0.01
        return context
    }

    /// Records waits instead of sleeping.
    final class Sleeps: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Double] = []
        var all: [Double] { lock.withLock { recorded } }
        func record(_ seconds: Double) { lock.withLock { recorded.append(seconds) } }
    }

    /// `AmazonSQS.CreateQueue` → `CreateQueue`; a REST call as `METHOD /path`.
    static func operations(_ transport: FakeTransport) -> [String] {
        transport.requests.map { request in
            if let target = request.headers.first(where: { $0.name == "X-Amz-Target" })?.value {
                return String(target.split(separator: ".").last ?? "")
            }
            return "\(request.method) \(URL(string: request.url)?.path ?? request.url)"
        }
    }

    static let jobs = QueueDriver.Spec(
        name: "movies-api-dev-jobs", visibilityTimeout: 180, messageRetentionSeconds: 345_600,
        deadLetter: .init(queue: "movies-api-dev-jobs-dlq", maxReceives: 5),
        tags: ["hoist:project": "movies-api", "hoist:stage": "dev"])

    static let mapping = EventSourceMappingDriver.Spec(
        function: "movies-api-dev-worker", qualifier: "live", queue: "movies-api-dev-jobs", batchSize: 25,
        batchingWindowSeconds: 5, reportBatchItemFailures: true)

    static let scope = DeploymentScope(
        project: "movies-api", stage: "dev", account: "123456789012", region: "us-east-1")

    @Test("a queue shows its redrive in words; a mapping its target and partial batch responses")
    func rendering() throws {
        let queue = try AnyResourceDriver.state(QueueDriver(), Self.jobs, Self.scope)
        #expect(queue.address == "queue.movies-api-dev-jobs")
        #expect(queue.attributes["redrive"] == .string("to movies-api-dev-jobs-dlq after 5 receives"))
        #expect(queue.attributes["visibility_timeout"] == .int(180))
        #expect(queue.attributes["message_retention"] == .int(345_600))
        #expect(queue.dependsOn == ["queue.movies-api-dev-jobs-dlq"])
        var dlq = Self.jobs
        dlq.name = "movies-api-dev-jobs-dlq"
        dlq.deadLetter = nil
        let deadLetter = try AnyResourceDriver.state(QueueDriver(), dlq, Self.scope)
        #expect(deadLetter.attributes["redrive"] == .string("none") && deadLetter.dependsOn.isEmpty)

        let mapping = try AnyResourceDriver.state(EventSourceMappingDriver(), Self.mapping, Self.scope)
        #expect(mapping.address == "event_source_mapping.movies-api-dev-worker")
        #expect(mapping.parent == "function.movies-api-dev-worker")
        #expect(mapping.attributes["target"] == .string("movies-api-dev-worker:live"))
        #expect(mapping.attributes["report_batch_item_failures"] == .string("partial batch responses"))
        #expect(mapping.attributes["batch_size"] == .int(25) && mapping.attributes["batching_window"] == .int(5))
        #expect(
            Set(mapping.dependsOn) == [
                "queue.movies-api-dev-jobs", "alias.movies-api-dev-worker:live",
                "role_policy.movies-api-dev-worker-execution",
            ])
        var whole = Self.mapping
        whole.reportBatchItemFailures = false
        whole.stale = true
        let stale = try AnyResourceDriver.state(EventSourceMappingDriver(), whole, Self.scope)
        #expect(stale.attributes["report_batch_item_failures"] == .string("off"))
        #expect(stale.address == "event_source_mapping.movies-api-dev-worker/movies-api-dev-jobs")
    }

    /// An observed queue of this stage that no spec names, holding messages or not.
    static func observed(_ name: String, keep: String?) throws -> ResourceState {
        var spec = Self.jobs
        spec.name = name
        var state = try AnyResourceDriver.state(QueueDriver(), spec, Self.scope)
        state.keepReason = keep
        state.dependsOn = []
        return state
    }

    @Test(
        "a queue no longer configured: deleted when empty, kept with a note when it holds messages, deleted then only with deleteData"
    )
    func keeping() throws {
        let held = try Self.observed("movies-api-dev-jobs", keep: "holds 3 messages")
        let empty = try Self.observed("movies-api-dev-old", keep: nil)
        let kept = ExampleDeployment.plan(desired: [], observed: [held, empty])
        #expect(kept.removed == ["queue.movies-api-dev-old"])
        #expect(kept.kept == ["queue.movies-api-dev-jobs"])
        #expect(
            kept.notes == ["kept queue.movies-api-dev-jobs: holds 3 messages (pass --delete-data to delete it)"])
        #expect(PlanRenderer.text(kept, color: false).contains("note: kept queue.movies-api-dev-jobs: holds 3"))

        let deleting = Planner.plan(
            project: "movies-api", stage: "dev", region: "us-east-1", account: "123456789012", desired: [],
            observed: [held, empty], deleteData: true)
        #expect(Set(deleting.removed) == ["queue.movies-api-dev-jobs", "queue.movies-api-dev-old"])
        #expect(deleting.kept.isEmpty && deleting.notes.isEmpty)
        // The plan file carries the reason, for the delete to know what the plan saw.
        let decoded = try PlanFile.decode(Data(PlanFile.encode(deleting).utf8))
        let jobs = try #require(decoded.resources.first { $0.address == "queue.movies-api-dev-jobs" })
        #expect(jobs.observed?.keepReason == "holds 3 messages")
        // A desired queue holding messages is just compared.
        let desired = try AnyResourceDriver.state(QueueDriver(), Self.jobs, Self.scope)
        let unchanged = ExampleDeployment.plan(desired: [desired], observed: [held])
        #expect(unchanged.kept.isEmpty && !unchanged.hasChanges)
    }

    @Test("discovery keeps the dead-letter queue of a kept queue, and says why")
    func deadLetterOfKept() {
        func live(_ name: String, held: Int, deadLetter: String?) -> QueueDriver.Live {
            var values = [
                "QueueArn": "arn:aws:sqs:us-east-1:123456789012:\(name)", "ApproximateNumberOfMessages": "\(held)",
            ]
            if let deadLetter {
                values["RedrivePolicy"] =
                    SQSRedrivePolicy(
                        deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:\(deadLetter)", maxReceiveCount: 5
                    ).json
            }
            return QueueDriver.Live(
                url: "https://sqs.us-east-1.amazonaws.com/123456789012/\(name)",
                attributes: SQSQueueAttributes(values), tags: [:])
        }
        let found = QueueDriver.keepingDeadLetters([
            live("p-dev-a", held: 2, deadLetter: "p-dev-a-dlq"), live("p-dev-a-dlq", held: 0, deadLetter: nil),
            live("p-dev-b", held: 0, deadLetter: "p-dev-b-dlq"), live("p-dev-b-dlq", held: 0, deadLetter: nil),
        ])
        #expect(
            found.map(\.observation.keepReason) == [
                "holds 2 messages", "the dead-letter queue of queue.p-dev-a, which is kept", nil, nil,
            ])
        #expect(found[0].spec?.deadLetter == QueueDriver.DeadLetter(queue: "p-dev-a-dlq", maxReceives: 5))
        #expect(found[0].observation.identity.id == "https://sqs.us-east-1.amazonaws.com/123456789012/p-dev-a")
    }

    @Test("a queue the plan read empty that holds messages at apply is not deleted")
    func deleteRefusesNewMessages() async throws {
        let transport = FakeTransport([
            .respond(try Self.fixture("attributes-held.json")), .respond(try Self.fixture("tags-ours.json")),
        ])
        let observed = ObservedResource(
            attributes: [:],
            identity: ResourceIdentity(id: "https://sqs.us-east-1.amazonaws.com/123456789012/movies-api-dev-jobs"),
            tags: [:])
        do {
            try await QueueDriver().delete(Self.jobs, observed: observed, Self.context(transport))
            Issue.record("messages that came after the plan must stop the delete")
        } catch let error as EngineError {
            #expect(error.code == .drift)
            #expect(error.message.contains("holds 2 messages now"), "\(error.message)")
        }
        #expect(Self.operations(transport) == ["GetQueueAttributes", "ListQueueTags"])

        // With --delete-data the plan saw them: the queue goes.
        let approved = FakeTransport([.respond(HTTPResponse(status: 200, body: []))])
        var seen = observed
        seen.keepReason = "holds 2 messages"
        try await QueueDriver().delete(Self.jobs, observed: seen, Self.context(approved))
        #expect(Self.operations(approved) == ["DeleteQueue"])
    }

    @Test("CreateQueue of a name deleted less than 60 s ago waits and creates it")
    func deletedRecently() async throws {
        let transport = FakeTransport([
            .respond(try Self.fixture("queue-deleted-recently.json", status: 400)),
            .respond(try Self.fixture("create-queue.json")), .respond(try Self.fixture("tags-ours.json")),
            .respond(try Self.fixture("attributes-empty.json")),
        ])
        let sleeps = Sleeps()
        var context = Self.context(transport, sleeps: sleeps)
        context = EngineContext(client: context.client, scope: Self.scopeWithDeadLetter())
        let identity = try await QueueDriver().create(Self.jobs, context)
        #expect(Self.operations(transport) == ["CreateQueue", "CreateQueue", "ListQueueTags", "GetQueueAttributes"])
        #expect(sleeps.all == [10])
        #expect(identity.id == "https://sqs.us-east-1.amazonaws.com/123456789012/movies-api-dev-jobs")
        #expect(identity.arn?.description == "arn:aws:sqs:us-east-1:123456789012:movies-api-dev-jobs")
        guard case .bytes(let bytes) = transport.requests[1].body,
            let sent = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let attributes = sent["Attributes"] as? [String: String]
        else {
            Issue.record("no CreateQueue body")
            return
        }
        #expect(attributes["VisibilityTimeout"] == "180")
        #expect(attributes["MessageRetentionPeriod"] == "345600")
        // The dead-letter queue's ARN as its identity says (another region's, to tell it from a made-up one).
        #expect(
            SQSRedrivePolicy(json: attributes["RedrivePolicy"] ?? "")
                == SQSRedrivePolicy(
                    deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:movies-api-dev-jobs-dlq",
                    maxReceiveCount: 5))
        #expect(sent["tags"] as? [String: String] == Self.jobs.tags)
    }

    /// A scope that knows the dead-letter queue's identity.
    static func scopeWithDeadLetter() -> DeploymentScope {
        DeploymentScope(
            project: "movies-api", stage: "dev", account: "123456789012", region: "us-east-1",
            identities: IdentityStore([
                "queue.movies-api-dev-jobs-dlq": ResourceIdentity(
                    arn: ARN("arn:aws:sqs:eu-west-1:123456789012:movies-api-dev-jobs-dlq"))
            ]))
    }

    @Test("a mapping created before Lambda sees the role's queue policy is created again after a wait")
    func rolePolicyNotSeenYet() async throws {
        let transport = FakeTransport([
            .respond(try Self.fixture("role-not-ready.json", status: 400, type: "InvalidParameterValueException")),
            .respond(try Self.fixture("mapping-created.json", status: 202)),
        ])
        let sleeps = Sleeps()
        let identity = try await EventSourceMappingDriver().create(
            Self.mapping, Self.context(transport, sleeps: sleeps))
        #expect(Self.operations(transport) == Array(repeating: "POST /2015-03-31/event-source-mappings", count: 2))
        #expect(sleeps.all.count == 1)
        #expect(identity.id == "a1b2c3d4-0000-4000-8000-000000000002")
        guard case .bytes(let bytes) = transport.requests[1].body,
            let sent = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else {
            Issue.record("no CreateEventSourceMapping body")
            return
        }
        #expect(sent["FunctionName"] as? String == "movies-api-dev-worker:live")
        #expect(sent["EventSourceArn"] as? String == "arn:aws:sqs:us-east-1:123456789012:movies-api-dev-jobs")
        #expect(sent["BatchSize"] as? Int == 25 && sent["MaximumBatchingWindowInSeconds"] as? Int == 5)
        #expect(sent["FunctionResponseTypes"] as? [String] == ["ReportBatchItemFailures"])
    }

    static let observedMapping = ObservedResource(
        attributes: [:], identity: ResourceIdentity(id: "a1b2c3d4-0000-4000-8000-000000000001"), tags: [:])

    @Test("deleting a mapping Lambda is already deleting counts as deleted")
    func alreadyDeleting() async throws {
        let transport = FakeTransport([
            .respond(try Self.fixture("mapping-in-use.json", status: 400, type: "ResourceInUseException")),
            .respond(try Self.fixture("mappings-deleting.json")),
        ])
        try await EventSourceMappingDriver().delete(
            Self.mapping, observed: Self.observedMapping, Self.context(transport))
        #expect(
            Self.operations(transport) == [
                "DELETE /2015-03-31/event-source-mappings/a1b2c3d4-0000-4000-8000-000000000001",
                "GET /2015-03-31/event-source-mappings",
            ])
        #expect(transport.requests[1].url.contains("FunctionName=movies-api-dev-worker%3Alive"))
    }

    @Test("deleting a mapping Lambda is still creating waits, then deletes it")
    func stillCreating() async throws {
        let transport = FakeTransport([
            .respond(try Self.fixture("mapping-in-use.json", status: 400, type: "ResourceInUseException")),
            .respond(try Self.fixture("mappings-creating.json")),
            .respond(try Self.fixture("mapping-deleting.json", status: 202)),
        ])
        let sleeps = Sleeps()
        try await EventSourceMappingDriver().delete(
            Self.mapping, observed: Self.observedMapping, Self.context(transport, sleeps: sleeps))
        #expect(Self.operations(transport).filter { $0.hasPrefix("DELETE") }.count == 2)
        #expect(sleeps.all.count == 1)
    }

    @Test("the deployer may change only the project's queues and the mappings of its functions")
    func grants() throws {
        let policy = PolicyGenerator.deployerPolicy(region: "us-east-1", account: "123456789012", project: "movies")
        func statement(with action: String) throws -> PolicyStatement {
            try #require(policy.statements.first { $0.effect == .allow && $0.actions.contains(action) }, "\(action)")
        }
        let queues = "arn:aws:sqs:us-east-1:123456789012:movies-*"
        let create = try statement(with: "sqs:CreateQueue")
        #expect(create.resources == [queues])
        #expect(create.conditions == ["StringEquals": ["aws:RequestTag/hoist:project": ["movies"]]])
        for action in ["sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"] {
            let change = try statement(with: action)
            #expect(change.resources == [queues])
            #expect(change.conditions == ["StringEquals": ["aws:ResourceTag/hoist:project": ["movies"]]])
        }
        for action in ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"] {
            #expect(try statement(with: action).resources == [queues])
        }
        #expect(try statement(with: "sqs:ListQueues").resources == ["*"])
        let functions = ["ArnLike": ["lambda:FunctionArn": ["arn:aws:lambda:us-east-1:123456789012:function:movies-*"]]]
        #expect(try statement(with: "lambda:CreateEventSourceMapping").conditions == functions)
        let change = try statement(with: "lambda:DeleteEventSourceMapping")
        #expect(change.actions == ["lambda:DeleteEventSourceMapping", "lambda:UpdateEventSourceMapping"])
        #expect(change.resources == ["arn:aws:lambda:us-east-1:123456789012:event-source-mapping:*"])
        #expect(change.conditions == functions)
        let readOnly = PolicyGenerator.readOnlyPolicy(region: "us-east-1", account: "123456789012", project: "movies")
        let reads = Set(readOnly.statements.flatMap(\.actions))
        #expect(reads.isSuperset(of: ["sqs:ListQueues", "sqs:GetQueueAttributes", "lambda:ListEventSourceMappings"]))
        #expect(!reads.contains("sqs:CreateQueue") && !reads.contains("lambda:CreateEventSourceMapping"))
    }

    @Test("the boundary allows the queue work of any function role; the execution statements name their queues")
    func functionRoles() throws {
        // Only a project with queues gets the statement: one without keeps the boundary it was deployed with.
        let without = PolicyGenerator.boundaryPolicy(account: "123456789012", project: "movies")
        #expect(!without.statements.contains { $0.sid == "ProjectQueues" })
        let boundary = PolicyGenerator.boundaryPolicy(account: "123456789012", project: "movies", queues: true)
        let queues = try #require(boundary.statements.first { $0.sid == "ProjectQueues" })
        #expect(queues.resources == ["arn:aws:sqs:*:123456789012:movies-*"])
        #expect(
            Set(queues.actions) == [
                "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage",
                "sqs:SendMessage",
            ])
        let worker = PolicyGenerator.queueWorkerStatement(queueArn: "arn:aws:sqs:us-east-1:1:movies-dev-jobs")
        #expect(worker.resources == ["arn:aws:sqs:us-east-1:1:movies-dev-jobs"])
        #expect(worker.actions == PolicyGenerator.queueWorkerActions && worker.effect == .allow)
        let sender = PolicyGenerator.queueSenderStatement(queueArns: ["arn:a", "arn:b"])
        #expect(sender.actions == ["sqs:SendMessage"] && sender.resources == ["arn:a", "arn:b"])
        #expect(worker.sid != sender.sid, "one execution policy can hold both")
    }
}
