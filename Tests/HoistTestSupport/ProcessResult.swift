/// What a finished child process left: its exit status and what it wrote.
public struct ProcessResult: Sendable {
    /// The exit status (or the signal number when it was killed).
    public var status: Int32
    /// Standard output (and standard error too when the run merged them).
    public var stdout: String
    /// Standard error ("" when the run merged it into `stdout`).
    public var stderr: String

    /// A result from its parts.
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Both streams, output first.
    public var output: String { stdout + stderr }
}
