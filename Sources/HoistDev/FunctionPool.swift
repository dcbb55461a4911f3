import Foundation

/// One function's processes on this machine: a Runtime API per process, the broker that hands them invocations,
/// and the supervisor that keeps them running. What the HTTP front, the queue poller and a test invoke.
public final class FunctionPool: FunctionInvoking, @unchecked Sendable {
    /// The function's name (hoist.yml's).
    public let name: String
    private let broker: InvocationBroker
    private let runtimes: [RuntimeAPIServer]
    private let supervisor: ProcessSupervisor

    /// Opens a Runtime API per process (nothing runs until ``start()``); `processes` must be 1–64.
    public init(
        name: String, processes: Int, launch: LaunchSpec, functionArn: String,
        log: @escaping @Sendable (String) -> Void
    ) throws(DevServerError) {
        guard processes >= 1, processes <= 64 else {
            throw DevServerError(.invalidConfiguration, "processes must be 1–64, not \(processes)")
        }
        self.name = name
        let broker = InvocationBroker(slotCount: processes)
        var runtimes: [RuntimeAPIServer] = []
        for slot in 0..<processes {
            runtimes.append(try RuntimeAPIServer(slot: slot, broker: broker, functionArn: functionArn, log: log))
        }
        self.broker = broker
        self.runtimes = runtimes
        self.supervisor = ProcessSupervisor(
            launch: launch, runtimeAddresses: runtimes.map(\.address), broker: broker, log: log)
    }

    /// Starts the Runtime APIs and the processes.
    public func start() {
        for runtime in runtimes { runtime.start() }
        supervisor.start()
    }

    /// Runs one invocation on a free process (waiting for one); `.timedOut` after `timeout` seconds, the process
    /// killed.
    public func invoke(requestId: String, payload: [UInt8], timeout: TimeInterval) -> InvocationOutcome {
        broker.invoke(requestId: requestId, payload: payload, timeout: timeout)
    }

    /// Restarts every process, with a new launch spec when given (after a rebuild).
    public func restartProcesses(with launch: LaunchSpec? = nil) {
        supervisor.restartAll(with: launch)
    }

    /// Answers what is waiting `.cancelled`, stops the processes and the Runtime APIs.
    public func stop() {
        broker.close()
        supervisor.stop()
        for runtime in runtimes { runtime.stop() }
    }
}
