import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hands queued invocations to function processes, one at a time per process, and collects their outcomes.
///
/// Each process has a slot with its own Runtime API server. A slot's generation changes whenever its process
/// exits, so a `next` request still waiting for the old process is dropped instead of taking an invocation
/// no one will answer. The invocation a process was running when it exited is answered `.crashed`.
public final class InvocationBroker: FunctionInvoking, @unchecked Sendable {
    private struct Slot {
        var generation = 0
        var processId: Int32?
        var current: Invocation?
    }

    private let condition = NSCondition()
    private var pending: [Invocation] = []
    private var slots: [Slot]
    private var closed = false

    /// Creates a broker for `slotCount` processes.
    public init(slotCount: Int) {
        slots = Array(repeating: Slot(), count: max(1, slotCount))
    }

    /// The number of slots.
    public var slotCount: Int { slots.count }

    // MARK: the HTTP front's side

    /// Queues an invocation and waits for its outcome; at the timeout the process running it is killed.
    public func invoke(requestId: String, payload: [UInt8], timeout: TimeInterval) -> InvocationOutcome {
        let start = Date()
        let invocation = Invocation(
            requestId: requestId, payload: payload,
            deadlineMilliseconds: Int64(((start.timeIntervalSince1970 + timeout) * 1000).rounded(.down)))
        condition.lock()
        if closed {
            condition.unlock()
            return .cancelled
        }
        pending.append(invocation)
        condition.broadcast()
        condition.unlock()
        if let outcome = invocation.wait(until: start.addingTimeInterval(timeout)) { return outcome }
        expire(invocation)
        return invocation.wait(until: .distantFuture) ?? .timedOut
    }

    /// Answers an invocation `.timedOut`: drops it from the queue, or kills the process running it.
    func expire(_ invocation: Invocation) {
        condition.lock()
        pending.removeAll { $0 === invocation }
        var victim: Int32?
        for index in slots.indices where slots[index].current === invocation {
            slots[index].current = nil
            victim = slots[index].processId
        }
        invocation.complete(.timedOut)
        condition.unlock()
        if let victim { kill(victim, SIGKILL) }
    }

    // MARK: the Runtime API's side

    /// The slot's current generation (taken when a `next` request arrives).
    public func generation(ofSlot slot: Int) -> Int {
        condition.lock()
        defer { condition.unlock() }
        return slots[slot].generation
    }

    /// The next invocation for a slot, waiting for one; nil when the slot's process changed or the broker closed.
    ///
    /// An invocation the process took before without answering is answered as a function error first.
    public func nextInvocation(slot: Int, generation: Int) -> Invocation? {
        condition.lock()
        defer { condition.unlock() }
        if let previous = slots[slot].current, slots[slot].generation == generation {
            previous.complete(.functionError(type: "Runtime.NoResponse", message: "next requested without a response"))
            slots[slot].current = nil
        }
        while true {
            if closed || slots[slot].generation != generation { return nil }
            if !pending.isEmpty {
                let invocation = pending.removeFirst()
                slots[slot].current = invocation
                return invocation
            }
            condition.wait()
        }
    }

    /// Records a slot's answer to the invocation it holds; false when the request id is not that invocation's.
    public func finish(slot: Int, requestId: String, outcome: InvocationOutcome) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard let current = slots[slot].current, current.requestId == requestId else { return false }
        slots[slot].current = nil
        current.complete(outcome)
        return true
    }

    // MARK: the supervisor's side

    /// Records the process now serving a slot.
    public func processStarted(slot: Int, processId: Int32) {
        condition.lock()
        defer { condition.unlock() }
        slots[slot].processId = processId
    }

    /// Records that a slot's process exited: its invocation, if any, is answered `.crashed`.
    public func processExited(slot: Int, status: String) {
        condition.lock()
        defer { condition.unlock() }
        slots[slot].generation += 1
        slots[slot].processId = nil
        slots[slot].current?.complete(.crashed(status: status))
        slots[slot].current = nil
        condition.broadcast()
    }

    /// The running processes' ids.
    public var processIds: [Int32] {
        condition.lock()
        defer { condition.unlock() }
        return slots.compactMap(\.processId)
    }

    /// Stops handing out work: queued and running invocations are answered `.cancelled`.
    public func close() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        for invocation in pending { invocation.complete(.cancelled) }
        pending.removeAll()
        for index in slots.indices {
            slots[index].current?.complete(.cancelled)
            slots[index].current = nil
        }
        condition.broadcast()
    }
}
