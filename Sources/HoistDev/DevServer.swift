import Foundation

/// The local development server of one function: API Gateway (HTTP API, payload 2.0) and Lambda on one machine,
/// without Docker. Every request goes to the function as `$default`; ``DevProjectServer`` routes a project's.
public final class DevServer: @unchecked Sendable {
    /// The configuration it runs with.
    public let configuration: DevServerConfiguration
    private let project: DevProjectServer

    /// Opens the sockets (nothing runs until ``start()``).
    public init(_ configuration: DevServerConfiguration, log: @escaping @Sendable (String) -> Void)
        throws(DevServerError)
    {
        guard configuration.timeout > 0 else {
            throw DevServerError(.invalidConfiguration, "the timeout must be positive")
        }
        self.configuration = configuration
        let function = DevFunctionConfiguration(
            name: "function", routeKeys: ["$default"], processes: configuration.processes,
            launch: configuration.launch, timeout: configuration.timeout, functionArn: configuration.functionArn)
        project = try DevProjectServer(
            port: configuration.port, functions: [function], accountId: configuration.accountId, log: log)
    }

    /// Durations and statuses of the requests served.
    public var latency: LatencyRecorder { project.latency }

    /// The HTTP front's port.
    public var port: UInt16 { project.port }

    /// Starts the Runtime APIs, the processes and the HTTP front.
    public func start() {
        project.start()
    }

    /// Restarts every function process, with a new launch spec when given (after a rebuild).
    public func restartProcesses(with launch: LaunchSpec? = nil) {
        project.pools.first?.restartProcesses(with: launch)
    }

    /// Stops accepting requests, answers what is waiting, stops the processes; idempotent.
    public func stop() {
        project.stop()
    }
}
