import Foundation

@testable import HoistCore

/// A function that answers each batch with the next outcome of a script (the last one repeats) and records every
/// event it was given.
final class ScriptedBatchInvoker: QueueBatchInvoking, @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [QueueInvocationOutcome]
    private var payloads: [[UInt8]] = []

    init(_ outcomes: [QueueInvocationOutcome]) { self.outcomes = outcomes }

    /// A function that answers `text` every time.
    convenience init(answering text: String) { self.init([.response(Array(text.utf8))]) }

    /// The events received, decoded.
    var events: [[String: Any]] {
        lock.withLock { payloads }.compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }

    func invoke(_ payload: [UInt8]) async -> QueueInvocationOutcome {
        lock.withLock {
            payloads.append(payload)
            return outcomes.count > 1 ? outcomes.removeFirst() : outcomes.first ?? .cancelled
        }
    }
}
