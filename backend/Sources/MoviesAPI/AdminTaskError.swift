/// An operator task was refused: a code, a message, a hint for the operator, and the cause.
public struct AdminTaskError: Error, Sendable, CustomStringConvertible {
    /// A stable code, e.g. `user_not_found`.
    public var code: String
    /// What went wrong.
    public var message: String
    /// What to do about it.
    public var hint: String
    /// The underlying error, if any.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ code: String, _ message: String, hint: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.underlying = underlying
    }

    /// `code: message (hint: …)`; reported to the invoker as the invocation's error message.
    public var description: String {
        "\(code): \(message) (hint: \(hint))" + (underlying.map { " (\($0))" } ?? "")
    }
}
