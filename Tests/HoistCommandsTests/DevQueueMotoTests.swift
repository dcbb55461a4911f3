import Foundation
import HoistAWS
import HoistCurl
import HoistTestSupport
import Testing

/// `hoist dev --endpoint-url` polling a queue in moto (SigV4 enforced) through scripts/awsproxy.py recording every
/// request: the Python worker of Fixtures/dev-queue writes to a table; a failing message goes to the dead-letter
/// queue after max_receives. The queue, its dead-letter queue and the table are made here with boto3, and no event
/// source mapping (moto would run the function in Docker).
@Suite("hoist dev: queues against moto", .serialized, .enabled(if: HoistBinary.motoShouldRun, MotoTestBed.skipNote))
struct DevQueueMotoTests {
    /// The table, the dead-letter queue and the queue (visibility 6 s, to the DLQ after 2 receives) of `project`.
    static func createResources(_ moto: MotoTestBed, project: String) throws {
        let script = """
            import boto3, json
            kw = dict(endpoint_url="\(moto.endpoint)", region_name="us-east-1",
                      aws_access_key_id="\(moto.accessKeyId)", aws_secret_access_key="\(moto.secretAccessKey)")
            boto3.client("dynamodb", **kw).create_table(TableName="\(project)-dev-jobs",
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
            sqs = boto3.client("sqs", **kw)
            dlq = sqs.create_queue(QueueName="\(project)-dev-worker-dlq")["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            sqs.create_queue(QueueName="\(project)-dev-worker", Attributes={"VisibilityTimeout": "6",
                "RedrivePolicy": json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": "2"})})
            """
        let result = try ProcessRunner.python(script)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The items of the jobs table by id (a scan with boto3).
    static func jobs(_ moto: MotoTestBed, project: String) throws -> [String: [String: String]] {
        let script = """
            import boto3, json
            table = boto3.resource("dynamodb", endpoint_url="\(moto.endpoint)", region_name="us-east-1",
                aws_access_key_id="\(moto.accessKeyId)", aws_secret_access_key="\(moto.secretAccessKey)"
            ).Table("\(project)-dev-jobs")
            print(json.dumps({item["id"]: item for item in table.scan()["Items"]}))
            """
        let result = try ProcessRunner.python(script)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: String]]
        return try #require(object, "\(result.stderr)")
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(250_000)
        }
        return try condition()
    }

    @Test(
        "a message sent to the queue (and one the api sends) reaches the worker, which writes the table; failing ones, reported or raised, stay and reach the dead-letter queue after 2 receives"
    )
    func pollsQueue() async throws {
        let moto = try HoistBinary.moto()
        let (folder, project) = try DevProjectFixtures.copy("dev-queue")
        try Self.createResources(moto, project: project)
        let traffic = folder.appendingPathComponent("traffic.jsonl")
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--record", traffic.path])
        defer { proxy.terminate() }
        let client = AWSClient(
            transport: CurlTransport(), credentialProvider: StaticCredentialProvider(moto.credentials),
            region: moto.region, environment: AWSEnvironment(variables: [:], endpointOption: proxy.endpoint),
            sleep: { _ in })
        let sqs = SQS(client: client)
        let queue = try await sqs.getQueueUrl(name: "\(project)-dev-worker")
        let deadLetters = try await sqs.getQueueUrl(name: "\(project)-dev-worker-dlq")

        let dev = try DevCommandTests.RunningDev(
            folder: folder, arguments: ["--processes", "1", "--endpoint-url", proxy.endpoint],
            environment: PlanDeployCommandTests.environment(moto), region: "us-east-1")
        #expect(
            dev.log.contains(
                "hoist dev: worker: polls \(project)-dev-worker (batch 5, visibility 6 s, to \(project)-dev-worker-dlq after 2 receives)"
            ),
            "\(dev.log)")

        // A message sent to the queue, and one the api function sends to WORKER_QUEUE_URL (the endpoint's URL).
        let sentId = try await sqs.sendMessage(queueUrl: queue, body: #"{"id": "direct"}"#)
        let viaAPI = try DevProjectFixtures.curl(["-d", #"{"id": "via-api"}"#, "http://127.0.0.1:\(dev.port)/jobs"])
        #expect(viaAPI.status == 202, "\(viaAPI.body)\n\(dev.log)")
        #expect(try Self.eventually(30) { Set(try Self.jobs(moto, project: project).keys) == ["direct", "via-api"] })
        let direct = try Self.jobs(moto, project: project)["direct"] ?? [:]
        #expect(direct["source"] == "aws:sqs")
        #expect(direct["queue"] == "arn:aws:sqs:us-east-1:123456789012:\(project)-dev-worker")
        #expect(direct["region"] == "us-east-1")
        #expect(direct["md5"] == "6c546612e573ac8ab0c0d979b47e4de7", "the body's MD5")
        #expect(["1", "2"].contains(direct["receives"] ?? ""), "\(direct)")
        #expect(!sentId.isEmpty)

        // One message raises (the whole batch fails), one is reported in batchItemFailures beside one that succeeds.
        _ = try await sqs.sendMessage(queueUrl: queue, body: #"{"id": "boom", "fail": "raise"}"#)
        #expect(Self.eventually(15) { dev.log.contains("failed (RuntimeError: job boom asked to fail)") }, "\(dev.log)")
        _ = try await sqs.sendMessage(queueUrl: queue, body: #"{"id": "kept"}"#)
        _ = try await sqs.sendMessage(queueUrl: queue, body: #"{"id": "reported", "fail": "report"}"#)

        var dead: Set<String> = []
        let deadline = Date().addingTimeInterval(45)
        while Date() < deadline, dead != ["boom", "reported"] {
            for message in try await sqs.receiveMessages(queueUrl: deadLetters, waitTimeSeconds: 1) {
                if let body = message.body, let id = (try? DevProjectFixtures.json(body))?["id"] as? String {
                    dead.insert(id)
                }
            }
        }
        #expect(dead == ["boom", "reported"], "\(dev.log)")
        #expect(Set(try Self.jobs(moto, project: project).keys) == ["direct", "via-api", "kept"])
        let left = try await sqs.getQueueAttributes(queueUrl: queue)
        #expect(left.messagesHeld == 0, "every message deleted or moved")
        #expect(dev.stop() == 0)
        let log = dev.log
        #expect(log.contains("(receives 1): failed (RuntimeError: job boom asked to fail); none deleted"), "\(log)")
        // Its second receive: alone, or in one batch with the reported message's retry.
        #expect(
            log.split(separator: "\n").contains {
                $0.contains("failed (RuntimeError: job boom asked to fail)") && $0.contains("(receives 2")
            }, "\(log)")
        #expect(log.contains("failed (batchItemFailures: "), "\(log)")
        #expect(log.contains("hoist dev: api: routes $default"))

        let check = try HoistBinary.validateRequests(traffic)
        #expect(check.stdout.contains(", 0 findings"), "\(check.stdout)")
        let operations = [
            "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sqs:DeleteMessageBatch",
            "sqs:SendMessage", "dynamodb:PutItem",
        ]
        for operation in operations {
            #expect(check.stdout.contains("  \(operation): "), "\(operation) not recorded: \(check.stdout)")
        }
        if let folder = ProcessInfo.processInfo.environment["HOIST_RECORD_REQUESTS"], !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: traffic, to: URL(fileURLWithPath: folder).appendingPathComponent("dev-\(UUID().uuidString).jsonl"))
        }
    }
}
