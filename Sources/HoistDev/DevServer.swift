import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The local development server: API Gateway (HTTP API, payload 2.0) and Lambda on one machine, without Docker.
public final class DevServer: @unchecked Sendable {
    /// The configuration it runs with.
    public let configuration: DevServerConfiguration
    /// Durations and statuses of the requests served.
    public let latency = LatencyRecorder()
    private let broker: InvocationBroker
    private let runtimes: [RuntimeAPIServer]
    private let front: HTTPFront
    private let supervisor: ProcessSupervisor
    private let lock = NSLock()
    private var stopped = false

    /// Opens the sockets (nothing runs until ``start()``).
    public init(_ configuration: DevServerConfiguration, log: @escaping @Sendable (String) -> Void)
        throws(DevServerError)
    {
        guard configuration.processes >= 1, configuration.processes <= 64 else {
            throw DevServerError(.invalidConfiguration, "processes must be 1–64, not \(configuration.processes)")
        }
        guard configuration.timeout > 0 else {
            throw DevServerError(.invalidConfiguration, "the timeout must be positive")
        }
        self.configuration = configuration
        let broker = InvocationBroker(slotCount: configuration.processes)
        var runtimes: [RuntimeAPIServer] = []
        for slot in 0..<configuration.processes {
            runtimes.append(
                try RuntimeAPIServer(slot: slot, broker: broker, functionArn: configuration.functionArn, log: log))
        }
        let handler = HTTPFrontHandler(
            builder: APIGatewayEventBuilder(accountId: configuration.accountId), invoker: broker,
            timeout: configuration.timeout)
        self.broker = broker
        self.runtimes = runtimes
        self.front = try HTTPFront(port: configuration.port, handler: handler, recorder: latency, log: log)
        self.supervisor = ProcessSupervisor(
            launch: configuration.launch, runtimeAddresses: runtimes.map(\.address), broker: broker, log: log)
    }

    /// The HTTP front's port.
    public var port: UInt16 { front.port }

    /// Starts the Runtime APIs, the processes and the HTTP front.
    public func start() {
        signal(SIGPIPE, SIG_IGN)
        for runtime in runtimes { runtime.start() }
        supervisor.start()
        front.start()
    }

    /// Restarts every function process, with a new launch spec when given (after a rebuild).
    public func restartProcesses(with launch: LaunchSpec? = nil) {
        supervisor.restartAll(with: launch)
    }

    /// Stops accepting requests, answers what is waiting, stops the processes; idempotent.
    public func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        guard !already else { return }
        front.stop()
        broker.close()
        supervisor.stop()
        for runtime in runtimes { runtime.stop() }
    }
}
