import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps one function process running per slot: starts it, restarts it when it exits, stops it on request.
///
/// A process that exits within a second of starting is restarted after a back-off (0.1 s doubling to 5 s),
/// so a bootstrap that fails at init does not spin.
public final class ProcessSupervisor: @unchecked Sendable {
    private let broker: InvocationBroker
    private let log: @Sendable (String) -> Void
    private let condition = NSCondition()
    private var launch: LaunchSpec
    private var runtimeAddresses: [String]
    private var stopping = false
    private var running = 0

    /// Creates a supervisor for the broker's slots; `runtimeAddresses[i]` is slot i's `AWS_LAMBDA_RUNTIME_API`.
    public init(
        launch: LaunchSpec, runtimeAddresses: [String], broker: InvocationBroker,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.launch = launch
        self.runtimeAddresses = runtimeAddresses
        self.broker = broker
        self.log = log
    }

    /// Starts one supervising thread per slot.
    public func start() {
        condition.lock()
        running = runtimeAddresses.count
        condition.unlock()
        for slot in runtimeAddresses.indices {
            DevThreads.start("hoist-supervisor-\(slot)") { [self] in
                supervise(slot: slot)
                condition.lock()
                running -= 1
                condition.broadcast()
                condition.unlock()
            }
        }
    }

    private func supervise(slot: Int) {
        var backoff = 0.1
        while true {
            condition.lock()
            let spec = launch
            let stop = stopping
            condition.unlock()
            if stop { return }
            let processId: Int32
            do {
                processId = try ChildProcess.spawn(
                    spec, extraEnvironment: ["AWS_LAMBDA_RUNTIME_API": runtimeAddresses[slot]])
            } catch {
                log("cannot start the function: \(error)")
                if pause(backoff) { return }
                backoff = min(backoff * 2, 5)
                continue
            }
            broker.processStarted(slot: slot, processId: processId)
            let started = Date()
            let status = ChildProcess.wait(processId)
            broker.processExited(slot: slot, status: status)
            condition.lock()
            let stopped = stopping
            condition.unlock()
            if stopped { return }
            let quick = Date().timeIntervalSince(started) < 1
            log("function process \(processId) ended (\(status)); restarting")
            if quick {
                if pause(backoff) { return }
                backoff = min(backoff * 2, 5)
            } else {
                backoff = 0.1
            }
        }
    }

    /// Waits `seconds` or until stopping; true when stopping.
    private func pause(_ seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while !stopping && condition.wait(until: deadline) {}
        return stopping
    }

    /// Replaces the launch spec (e.g. after a rebuild) and restarts every process with it.
    public func restartAll(with spec: LaunchSpec? = nil) {
        condition.lock()
        if let spec { launch = spec }
        condition.unlock()
        for processId in broker.processIds { kill(processId, SIGTERM) }
    }

    /// Stops restarting; sends SIGTERM, then SIGKILL to what still runs after `grace` seconds; waits for them.
    public func stop(grace: TimeInterval = 2) {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        for processId in broker.processIds { kill(processId, SIGTERM) }
        let deadline = Date().addingTimeInterval(grace)
        condition.lock()
        while running > 0 && condition.wait(until: deadline) {}
        let left = running
        condition.unlock()
        if left > 0 {
            for processId in broker.processIds { kill(processId, SIGKILL) }
            condition.lock()
            while running > 0 && condition.wait(until: Date().addingTimeInterval(5)) {}
            condition.unlock()
        }
    }
}
