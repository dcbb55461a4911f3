/// A job started without what its function's hoist.yml entry gives it (its `uses: [movies]`).
public struct JobConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The variable missing.
    public var variable: String

    /// Why the job cannot start.
    public var description: String { "\(variable) is not set: the function must use the movies table" }
}
