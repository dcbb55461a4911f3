import HoistAWS

extension QueueDriver {
    /// A queue as SQS has it: URL, attributes, tags; what the driver's read and discovery make their answers from.
    struct Live: Sendable {
        /// Its URL.
        var url: String
        /// Its attributes.
        var attributes: SQSQueueAttributes
        /// Its tags.
        var tags: [String: String]
        /// Set on a dead-letter queue kept for a kept source queue.
        var keepReason: String?

        /// The last path segment of a queue URL: its name.
        static func name(_ url: String) -> String? {
            url.split(separator: "/").last.map(String.init)
        }

        /// The queue's name.
        var name: String? { Self.name(url) }

        /// The dead-letter queue its redrive policy names (by ARN).
        var deadLetter: DeadLetter? {
            guard let policy = attributes.redrivePolicy, let queue = ARN(policy.deadLetterTargetArn)?.resource else {
                return nil
            }
            return DeadLetter(queue: queue, maxReceives: policy.maxReceiveCount)
        }

        /// What the plan compares, with the URL as id and the ARN; a queue holding messages says so.
        var observation: Observation<Attribute> {
            var observation = Observation<Attribute>(
                attributes: [
                    .visibilityTimeout: .int(attributes.visibilityTimeout ?? 30),
                    .messageRetention: .int(attributes.messageRetentionPeriod ?? 345_600),
                    .redrive: QueueDriver.redrive(deadLetter), .tags: .stringMap(tags),
                ], identity: ResourceIdentity(arn: attributes.queueArn.flatMap(ARN.init), id: url), tags: tags)
            observation.keepReason = keepReason ?? QueueDriver.keepReason(attributes)
            return observation
        }

        /// The spec of a discovered queue: what it is, so that apply can delete it.
        var spec: Spec? {
            name.map { name in
                Spec(
                    name: name, visibilityTimeout: attributes.visibilityTimeout ?? 30,
                    messageRetentionSeconds: attributes.messageRetentionPeriod ?? 345_600,
                    deadLetter: deadLetter, tags: tags)
            }
        }
    }
}
