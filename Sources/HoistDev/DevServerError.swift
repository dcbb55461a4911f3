/// A failure of the local development server: a code, a message, the underlying cause.
public struct DevServerError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure it is.
    public enum Code: String, Sendable {
        /// A socket call failed (bind, listen, accept).
        case socket
        /// A child process could not be started.
        case spawn
        /// Bytes that are not a valid HTTP/1.1 message.
        case malformedHTTP
        /// A message larger than the configured limit.
        case messageTooLarge
        /// The configuration cannot work (e.g. zero processes).
        case invalidConfiguration
    }

    /// What kind of failure it is.
    public var code: Code
    /// What went wrong, for a person.
    public var message: String
    /// The cause, when there is one (e.g. an errno).
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message with its cause.
    public var description: String {
        underlying.map { "\(message): \($0)" } ?? message
    }
}
