import Foundation
import HoistAWS
import Testing

@testable import HoistCore

/// `hoist dev`'s event source mapping without SQS or processes: a scripted queue (``ScriptedQueue``) and function
/// (``ScriptedBatchInvoker``).
@Suite("queue poller")
struct QueuePollerTests {
    static let arn = "arn:aws:sqs:us-east-1:123456789012:shop-dev-worker"

    static func poller(
        _ queue: ScriptedQueue, _ function: ScriptedBatchInvoker, batchSize: Int = 10, window: Int = 0,
        partial: Bool = true, now: @escaping @Sendable () -> Double = { 0 }
    ) -> QueuePoller {
        QueuePoller(
            source: queue, invoker: function, queueArn: arn, region: "us-east-1",
            settings: .init(
                batchSize: batchSize, batchingWindow: window, partialBatchResponses: partial, waitSeconds: 3),
            now: now, sleep: { _ in })
    }

    static let three = [
        ScriptedQueue.message("a"), ScriptedQueue.message("b", receives: 2), ScriptedQueue.message("c"),
    ]

    @Test("success: one event of the whole batch, every message deleted")
    func successDeletesAll() async throws {
        let queue = ScriptedQueue([.success(Self.three)])
        let function = ScriptedBatchInvoker(answering: "null")
        let report = try await Self.poller(queue, function).pollOnce()
        #expect(queue.receives.map(\.maxMessages) == [10])
        #expect(queue.receives.map(\.waitSeconds) == [3])
        #expect(queue.deletes == [["h-a", "h-b", "h-c"]])
        #expect(report.verdict == .succeeded)
        #expect(report.deleted == ["a", "b", "c"])
        #expect(report.receiveCounts == [1, 2, 1])
        #expect(report.summary == "3 messages (receives 1, 2, 1): ok, 3 deleted")
        let records = try #require(function.events.first?["Records"] as? [[String: Any]])
        #expect(records.map { $0["messageId"] as? String } == ["a", "b", "c"])
        #expect(
            records.allSatisfy {
                $0["eventSourceARN"] as? String == Self.arn && $0["eventSource"] as? String == "aws:sqs"
            })
    }

    @Test("batchItemFailures: the others deleted, the failed ones kept for their next receive")
    func partialFailureDeletesOthers() async throws {
        let queue = ScriptedQueue([.success(Self.three)])
        let function = ScriptedBatchInvoker(answering: #"{"batchItemFailures": [{"itemIdentifier": "b"}]}"#)
        let report = try await Self.poller(queue, function).pollOnce()
        #expect(queue.deletes == [["h-a", "h-c"]])
        #expect(report.verdict == .partial(failed: ["b"]))
        #expect(report.summary == "3 messages (receives 1, 2, 1): 1 failed (batchItemFailures: b), 2 deleted")
    }

    @Test("a function error deletes none: each message comes back after the visibility timeout")
    func errorDeletesNone() async throws {
        let queue = ScriptedQueue([.success(Self.three)])
        let function = ScriptedBatchInvoker([.failed("ValueError: asked to fail")])
        let report = try await Self.poller(queue, function).pollOnce()
        #expect(queue.deletes.isEmpty)
        #expect(report.deleted.isEmpty)
        #expect(report.verdict == .failed("ValueError: asked to fail"))
        #expect(
            report.summary.hasSuffix(
                "failed (ValueError: asked to fail); none deleted, each back after the visibility timeout"))
    }

    @Test("an empty receive invokes nothing and deletes nothing")
    func emptyBatch() async throws {
        let queue = ScriptedQueue([.success([])])
        let function = ScriptedBatchInvoker(answering: "{}")
        let report = try await Self.poller(queue, function).pollOnce()
        #expect(report == QueueBatchReport(messageIds: [], verdict: nil))
        #expect(function.events.isEmpty)
        #expect(queue.deletes.isEmpty)
    }

    @Test(
        "answers under ReportBatchItemFailures: Lambda's success and whole-batch-failure cases",
        arguments: [
            ("", QueueBatchVerdict.succeeded),
            ("null", .succeeded),
            ("{}", .succeeded),
            (#"{"batchItemFailures": null}"#, .succeeded),
            (#"{"batchItemFailures": []}"#, .succeeded),
            (#""done""#, .succeeded),
            (
                #"{"batchItemFailures": [{"itemIdentifier": "c"}, {"itemIdentifier": "a"}, {"itemIdentifier": "a"}]}"#,
                .partial(failed: ["a", "c"])
            ),
            ("not json", .failed("the response is not JSON, so its batchItemFailures cannot be read")),
            (#"{"batchItemFailures": "b"}"#, .failed("batchItemFailures is not a list")),
            (
                #"{"batchItemFailures": [{"itemIdentifier": ""}]}"#,
                .failed("a batchItemFailures entry has no itemIdentifier")
            ),
            (
                #"{"batchItemFailures": [{"itemIdentifier": null}]}"#,
                .failed("a batchItemFailures entry has no itemIdentifier")
            ),
            (#"{"batchItemFailures": [{"id": "b"}]}"#, .failed("a batchItemFailures entry has no itemIdentifier")),
            (
                #"{"batchItemFailures": [{"itemIdentifier": "zz"}]}"#,
                .failed("batchItemFailures names zz, which is no message of the batch")
            ),
        ])
    func verdicts(answer: String, verdict: QueueBatchVerdict) {
        #expect(
            QueueBatchVerdict(.response(Array(answer.utf8)), messageIds: ["a", "b", "c"], partialBatchResponses: true)
                == verdict)
    }

    @Test("without partial_batch_responses any answer is a success, batchItemFailures or not")
    func partialOff() async throws {
        let queue = ScriptedQueue([.success(Self.three)])
        let function = ScriptedBatchInvoker(answering: #"{"batchItemFailures": [{"itemIdentifier": "b"}]}"#)
        _ = try await Self.poller(queue, function, partial: false).pollOnce()
        #expect(queue.deletes == [["h-a", "h-b", "h-c"]])
        #expect(QueueBatchVerdict(.cancelled, messageIds: ["a"], partialBatchResponses: false).deleting(["a"]).isEmpty)
    }

    @Test("a delete SQS refuses is reported, not counted as deleted")
    func refusedDelete() async throws {
        let queue = ScriptedQueue([.success(Self.three)], refused: ["h-b"])
        let report = try await Self.poller(queue, ScriptedBatchInvoker(answering: "{}")).pollOnce()
        #expect(report.deleted == ["a", "c"])
        #expect(report.summary.hasSuffix("ok, 2 deleted; not deleted: ReceiptHandleIsInvalid expired"))
    }

    @Test("batch size over 10 with a window: receives of up to 10 until the batch is full or the window passed")
    func batchingWindow() async throws {
        let twelve = (1...12).map { ScriptedQueue.message("m\($0)") }
        let queue = ScriptedQueue([.success(Array(twelve[0..<10])), .success([]), .success(Array(twelve[10...]))])
        let clock = ManualSeconds()
        let function = ScriptedBatchInvoker(answering: "{}")
        let poller = Self.poller(queue, function, batchSize: 12, window: 5, now: { clock.tick() })
        let report = try await poller.pollOnce()
        #expect(report.messageIds.count == 12)
        #expect(queue.receives.map(\.maxMessages) == [10, 2, 2])
        #expect(function.events.count == 1)

        // Batch size 3, a window of 2 s that passes before the batch fills: what came is one batch.
        let slow = ScriptedQueue([.success([ScriptedQueue.message("x")]), .success([]), .success([])])
        let late = ManualSeconds()
        let small = try await Self.poller(slow, function, batchSize: 3, window: 2, now: { late.tick() }).pollOnce()
        #expect(small.messageIds == ["x"])
        #expect(slow.receives.map(\.maxMessages) == [3, 2])
        #expect(slow.receives.map(\.waitSeconds) == [3, 1])
    }

    @Test("run: an SQS error is reported with the back-off, batches after it are reported, cancel stops it")
    func runLoop() async throws {
        struct Throttled: Error {}
        let queue = ScriptedQueue([
            .failure(Throttled()), .failure(Throttled()), .success([ScriptedQueue.message("a")]),
        ])
        let function = ScriptedBatchInvoker(answering: "{}")
        let lines = LockedLines()
        let poller = Self.poller(queue, function)
        let task = Task {
            await poller.run(
                report: { lines.append($0.summary) }, failure: { _, retry in lines.append("retry in \(retry)") })
        }
        while lines.all.count < 3 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        await task.value
        #expect(
            Array(lines.all.prefix(3)) == ["retry in 1.0", "retry in 2.0", "1 message (receives 1): ok, 1 deleted"])
    }

    @Test(
        "the SQS event: Lambda's record shape, message attributes as Lambda passes them (Fixtures/queues/sqs-event.json)"
    )
    func eventShape() throws {
        let messages = [
            SQSMessage(
                messageId: "059f36b4-87a3-44ab-83d2-661975830a7d", receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
                body: "Test message.", md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
                attributes: [
                    "ApproximateReceiveCount": "2", "SentTimestamp": "1710343200000",
                    "SenderId": "AIDAIENQZJOLO23YVJ4VO", "ApproximateFirstReceiveTimestamp": "1710343200012",
                ],
                messageAttributes: [
                    "myAttribute": .init(dataType: "String", stringValue: "myValue"),
                    "blob": .init(dataType: "Binary", binaryValue: "AAEC"),
                ]),
            // No MD5 from the queue: computed.
            SQSMessage(
                messageId: "2e1424d4-f796-459a-8184-9c92662be6da", receiptHandle: "AQEBzWwaftRI0KuVm4tP",
                body: #"{"orderId": "1234"}"#, attributes: ["ApproximateReceiveCount": "1"]),
        ]
        let event = SQSEvent(messages: messages, queueArn: Self.arn, region: "us-east-1")
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let expected =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: fixtures.appendingPathComponent("queues/sqs-event.json"))) as? NSDictionary
        let actual = try JSONSerialization.jsonObject(with: Data(event.json)) as? NSDictionary
        #expect(actual == expected)
    }
}

/// A clock that moves one second each time it is read.
final class ManualSeconds: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 0.0

    func tick() -> Double {
        lock.withLock {
            defer { seconds += 1 }
            return seconds
        }
    }
}

/// Lines appended from several tasks.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
