/// An error of the runtime client: a code, a message and the underlying cause.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public enum Code: String, Sendable {
        /// `AWS_LAMBDA_RUNTIME_API` is not set.
        case missingEndpoint
        /// The Runtime API answered with an unexpected status.
        case unexpectedStatus
        /// The `next` answer lacked the request id or the deadline.
        case malformedInvocation
        /// The transport failed.
        case transport
    }

    /// The code.
    public var code: Code
    /// A message for logs.
    public var message: String
    /// The underlying error, if any.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// `code: message (underlying)`.
    public var description: String {
        "\(code.rawValue): \(message)" + (underlying.map { " (\($0))" } ?? "")
    }
}
