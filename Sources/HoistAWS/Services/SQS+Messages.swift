import Foundation

/// The message calls of SQS: what `hoist dev`'s local poller and the tests use, beyond the queue calls of SQS.swift.
extension SQS {
    /// SendMessage: returns the message's id. `delaySeconds` (0 to 900) hides it that long first.
    public func sendMessage(queueUrl: String, body: String, delaySeconds: Int? = nil) async throws -> String {
        struct Input: Encodable {
            var queueUrl: String
            var messageBody: String
            var delaySeconds: Int?
        }
        struct Output: Decodable { var messageId: String? }
        let output: Output = try await client.json(
            .sqs, "SendMessage", Input(queueUrl: queueUrl, messageBody: body, delaySeconds: delaySeconds))
        return output.messageId ?? ""
    }

    /// ReceiveMessage: up to `maxNumberOfMessages` (1 to 10) messages, waiting up to `waitTimeSeconds` (0 to 20)
    /// for the first (long polling); each stays hidden from other receivers for `visibilityTimeout` seconds, or the
    /// queue's own timeout when nil. Each message carries the system attributes asked for (its receive count by
    /// default) and the message attributes named in `messageAttributeNames` (`All` for every one; none by default).
    /// An empty answer means no message came in the wait.
    public func receiveMessages(
        queueUrl: String, maxNumberOfMessages: Int = 10, waitTimeSeconds: Int = 20, visibilityTimeout: Int? = nil,
        systemAttributes: [SQSMessageSystemAttributeName] = [.approximateReceiveCount],
        messageAttributeNames: [String] = []
    ) async throws -> [SQSMessage] {
        struct Input: Encodable {
            var queueUrl: String
            var maxNumberOfMessages: Int
            var waitTimeSeconds: Int
            var visibilityTimeout: Int?
            var messageSystemAttributeNames: [String]?
            var messageAttributeNames: [String]?
        }
        struct Output: Decodable { var messages: [SQSMessage]? }
        let output: Output = try await client.json(
            .sqs, "ReceiveMessage",
            Input(
                queueUrl: queueUrl, maxNumberOfMessages: maxNumberOfMessages, waitTimeSeconds: waitTimeSeconds,
                visibilityTimeout: visibilityTimeout,
                messageSystemAttributeNames: systemAttributes.isEmpty ? nil : systemAttributes.map(\.rawValue),
                messageAttributeNames: messageAttributeNames.isEmpty ? nil : messageAttributeNames))
        return output.messages ?? []
    }

    /// DeleteMessageBatch for any number of receipt handles, ten per call; returns the ones SQS did not delete,
    /// with why (an empty list: all deleted). A handle from an earlier receive of a message received again since
    /// may fail with `ReceiptHandleIsInvalid`.
    public func deleteMessages(queueUrl: String, receiptHandles: [String]) async throws -> [SQSBatchFailure] {
        struct Entry: Encodable {
            var id: String
            var receiptHandle: String
        }
        struct Input: Encodable {
            var queueUrl: String
            var entries: [Entry]
        }
        struct Failed: Decodable {
            var id: String
            var senderFault: Bool?
            var code: String?
            var message: String?
        }
        struct Output: Decodable { var failed: [Failed]? }
        var failures: [SQSBatchFailure] = []
        for start in stride(from: 0, to: receiptHandles.count, by: Self.batchLimit) {
            let chunk = Array(receiptHandles[start..<min(start + Self.batchLimit, receiptHandles.count)])
            // Ids only need to be unique within the call: the position says which handle an answer is about.
            let entries = chunk.enumerated().map { Entry(id: "m\($0.offset)", receiptHandle: $0.element) }
            let output: Output = try await client.json(
                .sqs, "DeleteMessageBatch", Input(queueUrl: queueUrl, entries: entries))
            for failed in output.failed ?? [] {
                guard let index = Int(failed.id.dropFirst()), chunk.indices.contains(index) else { continue }
                failures.append(
                    SQSBatchFailure(
                        receiptHandle: chunk[index], code: failed.code ?? "", message: failed.message ?? "",
                        senderFault: failed.senderFault ?? false))
            }
        }
        return failures
    }

    /// ChangeMessageVisibility: hides a received message `visibilityTimeout` more seconds from now (0 makes it
    /// available again at once).
    public func changeMessageVisibility(queueUrl: String, receiptHandle: String, visibilityTimeout: Int) async throws {
        struct Input: Encodable {
            var queueUrl: String
            var receiptHandle: String
            var visibilityTimeout: Int
        }
        let _: AWSEmpty = try await client.json(
            .sqs, "ChangeMessageVisibility",
            Input(queueUrl: queueUrl, receiptHandle: receiptHandle, visibilityTimeout: visibilityTimeout))
    }
}
