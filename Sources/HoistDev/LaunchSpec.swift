/// How to start one function process: any runtime (a Swift bootstrap, `python3 -m awslambdaric …`).
public struct LaunchSpec: Sendable, Equatable {
    /// The executable: a path, or a name looked up in the PATH of `environment`.
    public var executable: String
    /// The arguments after the executable.
    public var arguments: [String]
    /// The whole environment of the process (`AWS_LAMBDA_RUNTIME_API` is added per process).
    public var environment: [String: String]
    /// The working directory; nil keeps hoist's.
    public var workingDirectory: String?

    /// Creates a launch spec.
    public init(
        executable: String, arguments: [String] = [], environment: [String: String] = [:],
        workingDirectory: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}
