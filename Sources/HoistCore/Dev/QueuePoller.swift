import Foundation
import HoistAWS

/// `hoist dev`'s event source mapping for one function's queue: receives batches, hands each to the function as
/// Lambda's SQS event (``SQSEvent``), and deletes what ``QueueBatchVerdict`` says succeeded.
///
/// As Lambda polls: long polling (``Settings/waitSeconds``), up to 10 messages a receive and the function's
/// batch size in all, gathered for up to the batching window when it is not 0 (and never past 6 MB of bodies);
/// the queue's own visibility timeout (a message left undeleted comes back after it, and the queue's redrive
/// moves it to the dead-letter queue after its max receives). One batch at a time. Pure apart from its two edges
/// (``QueueMessageSource``, ``QueueBatchInvoking``) and the clock.
public struct QueuePoller: Sendable {
    /// How the mapping polls.
    public struct Settings: Sendable, Equatable {
        /// Messages per invocation.
        public var batchSize: Int
        /// Seconds to gather a batch (0: one receive).
        public var batchingWindow: Int
        /// Whether the function's `batchItemFailures` are read.
        public var partialBatchResponses: Bool
        /// Seconds a receive waits for the first message (long polling, 0–20).
        public var waitSeconds: Int

        /// Settings of a function's `queue:` trigger, long polling `waitSeconds`.
        public init(_ trigger: QueueTrigger, waitSeconds: Int = 5) {
            self.init(
                batchSize: trigger.batchSize, batchingWindow: trigger.batchingWindow,
                partialBatchResponses: trigger.partialBatchResponses, waitSeconds: waitSeconds)
        }

        /// Creates settings.
        public init(batchSize: Int, batchingWindow: Int = 0, partialBatchResponses: Bool = true, waitSeconds: Int = 5) {
            self.batchSize = max(1, batchSize)
            self.batchingWindow = max(0, batchingWindow)
            self.partialBatchResponses = partialBatchResponses
            self.waitSeconds = min(max(0, waitSeconds), 20)
        }
    }

    /// The most body bytes one batch gathers: Lambda's 6 MB invocation payload.
    public static let maxPayloadBytes = 6 << 20

    /// The queue.
    public var source: any QueueMessageSource
    /// The function.
    public var invoker: any QueueBatchInvoking
    /// The queue's ARN (the events' `eventSourceARN`).
    public var queueArn: String
    /// The queue's region (the events' `awsRegion`).
    public var region: String
    /// How it polls.
    public var settings: Settings
    /// Seconds on a monotonic clock (tests pass a manual one).
    public var now: @Sendable () -> Double
    /// Waits between retries after an SQS error.
    public var sleep: @Sendable (Double) async throws -> Void

    /// Creates a poller.
    public init(
        source: any QueueMessageSource, invoker: any QueueBatchInvoking, queueArn: String, region: String,
        settings: Settings,
        now: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 },
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) {
        self.source = source
        self.invoker = invoker
        self.queueArn = queueArn
        self.region = region
        self.settings = settings
        self.now = now
        self.sleep = sleep
    }

    /// One batch: receives, invokes (unless nothing came), deletes what succeeded.
    public func pollOnce() async throws -> QueueBatchReport {
        let messages = try await gather()
        guard !messages.isEmpty else { return QueueBatchReport(messageIds: [], verdict: nil) }
        let ids = messages.map { $0.messageId ?? "" }
        let payload = SQSEvent(messages: messages, queueArn: queueArn, region: region).json
        let outcome = await invoker.invoke(payload)
        let verdict = QueueBatchVerdict(outcome, messageIds: ids, partialBatchResponses: settings.partialBatchResponses)
        let deleting = Set(verdict.deleting(ids))
        let handles = messages.filter { deleting.contains($0.messageId ?? "") }.compactMap(\.receiptHandle)
        let failures = handles.isEmpty ? [] : try await source.delete(receiptHandles: handles)
        let refused = Set(failures.map(\.receiptHandle))
        let deleted = messages.filter {
            deleting.contains($0.messageId ?? "") && !refused.contains($0.receiptHandle ?? "")
        }
        return QueueBatchReport(
            messageIds: ids, receiveCounts: messages.compactMap(\.approximateReceiveCount), verdict: verdict,
            deleted: deleted.compactMap(\.messageId), deleteFailures: failures)
    }

    /// A batch: one long-polling receive; with a batching window, more receives until the batch is full, the
    /// window has passed or the bodies reach ``maxPayloadBytes``.
    func gather() async throws -> [SQSMessage] {
        var messages = try await source.receive(
            maxMessages: min(SQS.batchLimit, settings.batchSize), waitSeconds: settings.waitSeconds)
        guard !messages.isEmpty, settings.batchingWindow > 0 else { return messages }
        let deadline = now() + Double(settings.batchingWindow)
        var bytes = messages.reduce(0) { $0 + ($1.body?.utf8.count ?? 0) }
        while messages.count < settings.batchSize, bytes < Self.maxPayloadBytes {
            let remaining = deadline - now()
            guard remaining > 0 else { break }
            let more = try await source.receive(
                maxMessages: min(SQS.batchLimit, settings.batchSize - messages.count),
                waitSeconds: min(20, Int(remaining.rounded(.up))))
            messages += more
            bytes += more.reduce(0) { $0 + ($1.body?.utf8.count ?? 0) }
        }
        return messages
    }

    /// Polls until the task is cancelled: each batch's report to `report` (empty polls are not reported); an SQS
    /// error to `failure` with the seconds until the next try (1, doubling to 20, back to 1 after a success).
    public func run(
        report: @Sendable (QueueBatchReport) -> Void, failure: @Sendable (_ error: any Error, _ retryIn: Double) -> Void
    ) async {
        var backoff = 1.0
        while !Task.isCancelled {
            do {
                let batch = try await pollOnce()
                backoff = 1
                if batch.verdict != nil { report(batch) }
            } catch {
                if Task.isCancelled { return }
                failure(error, backoff)
                do { try await sleep(backoff) } catch { return }
                backoff = min(backoff * 2, 20)
            }
        }
    }
}
