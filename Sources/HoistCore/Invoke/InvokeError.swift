/// Why `hoist invoke` stopped before or at the invocation: a code, a message, a hint, the cause.
public struct InvokeError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// The event is over Lambda's 6 MB synchronous payload limit.
        case eventTooLarge = "EventTooLarge"
        /// The event is not JSON.
        case eventNotJSON = "EventNotJSON"
        /// The event file or standard input could not be read.
        case eventUnreadable = "EventUnreadable"
        /// `--alias` or `--version` names no possible qualifier.
        case badQualifier = "InvalidQualifier"
        /// Lambda has no such function, or no such version or alias of it.
        case notFound = "FunctionNotFound"
        /// The caller may not invoke the function.
        case accessDenied = "InvokeDenied"
    }

    /// The code.
    public var code: Code
    /// What happened.
    public var message: String
    /// What to do about it.
    public var hint: String?
    /// The cause (an ``AWSError`` for `notFound` and `accessDenied`).
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(code: Code, message: String, hint: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.underlying = underlying
    }

    /// The message, then the hint on its own line.
    public var description: String { message + (hint.map { "\n  hint: \($0)" } ?? "") }
}
