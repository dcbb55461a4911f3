/// An error of an AWS call: the service's error code (or a local one), a message and the underlying cause.
public struct AWSClientError: Error, Sendable, CustomStringConvertible {
    /// The AWS error code, e.g. `ConditionalCheckFailedException`, or `Transport` / `InvalidResponse` locally.
    public var code: String
    /// The message; never contains credentials or secret values.
    public var message: String
    /// The HTTP status, 0 when none was received.
    public var status: Int
    /// The underlying error, if any.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(code: String, message: String, status: Int = 0, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.underlying = underlying
    }

    /// Whether retrying may help (5xx, throttling, transport).
    public var isRetryable: Bool {
        status >= 500 || code == "Transport" || code.hasPrefix("Throttling")
            || code == "ProvisionedThroughputExceededException" || code == "RequestLimitExceeded"
    }

    /// `code (status): message`.
    public var description: String {
        "\(code) (\(status)): \(message)" + (underlying.map { " [\($0)]" } ?? "")
    }
}
