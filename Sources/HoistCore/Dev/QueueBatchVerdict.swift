import Foundation

/// What the event source mapping makes of a batch's invocation: which messages it deletes. Pure.
///
/// Lambda's rules: a function error (or a crash, a timeout) fails the whole batch, and nothing is deleted: each
/// message comes back after the queue's visibility timeout, until the queue's redrive moves it to the
/// dead-letter queue. Any answer is a success, all deleted, unless the mapping reports batch item failures
/// (`partial_batch_responses`); then the answer's `batchItemFailures` lists the messages that failed
/// (`{"itemIdentifier": messageId}`), and the others are deleted. An answer that is empty, `null`, has no
/// `batchItemFailures` or an empty or `null` list is a success; one that is not JSON, whose `batchItemFailures`
/// is not a list, or that names an item without an `itemIdentifier`, with an empty one, or with one that is no
/// message of the batch fails the whole batch.
public enum QueueBatchVerdict: Sendable, Equatable {
    /// Every message succeeded: all deleted.
    case succeeded
    /// These messages (their ids, in batch order) failed: the others are deleted.
    case partial(failed: [String])
    /// The whole batch failed (why): none deleted.
    case failed(String)

    /// The verdict on `outcome` for a batch of the messages `messageIds`.
    public init(_ outcome: QueueInvocationOutcome, messageIds: [String], partialBatchResponses: Bool) {
        switch outcome {
        case .failed(let reason): self = .failed(reason)
        case .cancelled: self = .failed("the invocation was cancelled")
        case .response(let bytes):
            self = partialBatchResponses ? Self.reading(bytes, messageIds: messageIds) : .succeeded
        }
    }

    /// The verdict on a response under `ReportBatchItemFailures`.
    static func reading(_ bytes: [UInt8], messageIds: [String]) -> QueueBatchVerdict {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .succeeded }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            return .failed("the response is not JSON, so its batchItemFailures cannot be read")
        }
        guard case .object(let object) = value, let failures = object["batchItemFailures"], failures != .null else {
            return .succeeded
        }
        guard case .array(let items) = failures else { return .failed("batchItemFailures is not a list") }
        var failed: Set<String> = []
        for item in items {
            guard case .object(let fields) = item, case .string(let id)? = fields["itemIdentifier"], !id.isEmpty
            else { return .failed("a batchItemFailures entry has no itemIdentifier") }
            guard messageIds.contains(id) else {
                return .failed("batchItemFailures names \(id), which is no message of the batch")
            }
            failed.insert(id)
        }
        return failed.isEmpty ? .succeeded : .partial(failed: messageIds.filter(failed.contains))
    }

    /// The messages of the batch to delete, by id.
    public func deleting(_ messageIds: [String]) -> [String] {
        switch self {
        case .succeeded: return messageIds
        case .partial(let failed): return messageIds.filter { !failed.contains($0) }
        case .failed: return []
        }
    }
}
