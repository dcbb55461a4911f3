import Foundation
import HoistAWS

@testable import HoistCore

/// A queue that answers receives from a script of batches (then nothing) and records every receive and delete;
/// it may refuse some deletes, or throw on a receive.
final class ScriptedQueue: QueueMessageSource, @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [Result<[SQSMessage], any Error>]
    private var receivesMade: [(maxMessages: Int, waitSeconds: Int)] = []
    private var deletesMade: [[String]] = []
    private let refused: Set<String>

    /// Answers `batches` in turn (each a list of messages, or an error to throw), refusing to delete `refused`.
    init(_ batches: [Result<[SQSMessage], any Error>], refused: Set<String> = []) {
        self.batches = batches
        self.refused = refused
    }

    /// Each receive's arguments, in order.
    var receives: [(maxMessages: Int, waitSeconds: Int)] { lock.withLock { receivesMade } }
    /// Each delete call's receipt handles.
    var deletes: [[String]] { lock.withLock { deletesMade } }

    func receive(maxMessages: Int, waitSeconds: Int) async throws -> [SQSMessage] {
        let next = lock.withLock { () -> Result<[SQSMessage], any Error> in
            receivesMade.append((maxMessages, waitSeconds))
            return batches.isEmpty ? .success([]) : batches.removeFirst()
        }
        return try next.get()
    }

    func delete(receiptHandles: [String]) async throws -> [SQSBatchFailure] {
        lock.withLock { deletesMade.append(receiptHandles) }
        return receiptHandles.filter(refused.contains).map {
            SQSBatchFailure(
                receiptHandle: $0, code: "ReceiptHandleIsInvalid", message: "expired", senderFault: true)
        }
    }

    /// A message `id` with receipt handle `h-<id>`, received `receives` times.
    static func message(_ id: String, body: String = "{}", receives: Int = 1) -> SQSMessage {
        SQSMessage(
            messageId: id, receiptHandle: "h-\(id)", body: body, md5OfBody: "md5-\(id)",
            attributes: ["ApproximateReceiveCount": String(receives)])
    }
}
