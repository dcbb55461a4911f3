import Foundation
import HoistAWS
import HoistCore
import HoistDev

/// `hoist dev --endpoint-url`: the local event source mappings. Each function with a `queue:` trigger polls its
/// queue (`<project>-<stage>-<name>`) at the endpoint and takes its batches as Lambda would (``QueuePoller``).
///
/// Why only with `--endpoint-url`: against AWS itself, a local poller would take messages the deployed mapping
/// should have; at a local endpoint (moto, LocalStack) nothing else drains the queue.
struct DevQueues {
    /// A function's queue, found at the endpoint.
    struct Queue {
        /// The function that drains it.
        var function: ProjectFunction
        /// The queue's name.
        var name: String
        /// The queue, looked up.
        var source: SQSQueueMessageSource
    }

    /// Looks up each function's queue (GetQueueUrl, GetQueueAttributes); one not found, or an error, is a `note`
    /// and that function is not polled.
    static func resolve(config: HoistConfig, aws: AWSContext, note: (String) -> Void) async -> [Queue] {
        let names = ResourceNames(project: config.project, stage: config.stageName)
        var queues: [Queue] = []
        for function in config.functions where function.queue != nil {
            let name = names.queue(function.name)
            do {
                let source = try await SQSQueueMessageSource.named(name, sqs: SQS(client: aws.client))
                queues.append(Queue(function: function, name: name, source: source))
            } catch let error as AWSError where error.isNotFound {
                note(
                    "queue \(name) not found at the endpoint (deploy the stage there first): \(function.name) is not polled"
                )
            } catch {
                note("cannot look up queue \(name) (\(error)): \(function.name) is not polled")
            }
        }
        return queues
    }

    /// Starts a poller per queue, each handing batches to its function's processes in `server` (with the timeout
    /// `functions` gives it); each batch and each SQS error is a log line. The tasks run until cancelled.
    static func start(
        _ queues: [Queue], server: DevProjectServer, functions: [DevFunctionConfiguration], region: String,
        log: @escaping @Sendable (String) -> Void
    ) -> [Task<Void, Never>] {
        queues.compactMap { queue in
            guard let pool = server.pool(queue.function.name), let trigger = queue.function.queue,
                let function = functions.first(where: { $0.name == queue.function.name })
            else { return nil }
            let poller = QueuePoller(
                source: queue.source, invoker: DevBatchInvoker(pool: pool, timeout: function.timeout),
                queueArn: queue.source.queueArn, region: region, settings: QueuePoller.Settings(trigger))
            let prefix = "hoist dev: \(queue.function.name) ← \(queue.name)"
            return Task {
                await poller.run(
                    report: { log("\(prefix): \($0.summary)") },
                    failure: { error, retry in log("\(prefix): \(error); again in \(Int(retry)) s") })
            }
        }
    }

    /// What a queue's log line says when polling starts: `polls cinema-dev-worker (batch 5, visibility 120 s,
    /// to cinema-dev-worker-dlq after 3 receives)`.
    static func describe(_ queue: Queue) -> String {
        var parts = ["batch \(queue.function.queue?.batchSize ?? 10)"]
        if let visibility = queue.source.visibilityTimeout { parts.append("visibility \(visibility) s") }
        if let redrive = queue.source.redrivePolicy {
            let target = redrive.deadLetterTargetArn.split(separator: ":").last.map(String.init) ?? ""
            parts.append("to \(target) after \(redrive.maxReceiveCount) receives")
        } else {
            parts.append("no dead-letter queue")
        }
        return "polls \(queue.name) (\(parts.joined(separator: ", ")))"
    }
}
