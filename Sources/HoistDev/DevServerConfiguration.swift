import Foundation

/// What `hoist dev` runs: an HTTP front, a Runtime API per process, and the processes of the function.
public struct DevServerConfiguration: Sendable {
    /// The HTTP front's port on 127.0.0.1 (0: a free one).
    public var port: UInt16
    /// How many function processes serve requests (each one invocation at a time).
    public var processes: Int
    /// How to start a function process.
    public var launch: LaunchSpec
    /// The function's timeout in seconds; a process still busy after it is killed and the request answered 504.
    public var timeout: TimeInterval
    /// The ARN the Runtime API reports.
    public var functionArn: String
    /// The account id in the events' request context.
    public var accountId: String

    /// Creates a configuration.
    public init(
        port: UInt16 = 3000, processes: Int = 1, launch: LaunchSpec, timeout: TimeInterval = 10,
        functionArn: String = "arn:aws:lambda:us-east-1:000000000000:function:hoist-dev",
        accountId: String = "000000000000"
    ) {
        self.port = port
        self.processes = processes
        self.launch = launch
        self.timeout = timeout
        self.functionArn = functionArn
        self.accountId = accountId
    }
}
