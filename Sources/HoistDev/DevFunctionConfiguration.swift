import Foundation

/// One function of what `hoist dev` runs for a project: how to start it, how many processes, its routes.
public struct DevFunctionConfiguration: Sendable {
    /// Its name (hoist.yml's).
    public var name: String
    /// The HTTP API route keys it answers (`$default`, `GET /movies/{id}`); empty for none.
    public var routeKeys: [String]
    /// How many processes serve it (each one invocation at a time).
    public var processes: Int
    /// How to start a process.
    public var launch: LaunchSpec
    /// Its timeout in seconds; a process still busy after it is killed.
    public var timeout: TimeInterval
    /// The ARN its Runtime API reports.
    public var functionArn: String

    /// Creates a function's configuration.
    public init(
        name: String, routeKeys: [String], processes: Int = 1, launch: LaunchSpec, timeout: TimeInterval = 10,
        functionArn: String
    ) {
        self.name = name
        self.routeKeys = routeKeys
        self.processes = processes
        self.launch = launch
        self.timeout = timeout
        self.functionArn = functionArn
    }
}
