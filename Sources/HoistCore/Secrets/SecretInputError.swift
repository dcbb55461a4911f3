/// Why a secret value read from standard input was refused; the message never contains the value.
public struct SecretInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of refusal.
    public enum Code: String, Sendable {
        /// More than Secrets Manager's 65,536 bytes.
        case tooLarge = "ValueTooLarge"
        /// Bytes that are not UTF-8 text.
        case invalidUTF8 = "ValueNotUTF8"
        /// Reading standard input failed.
        case unreadable = "InputUnreadable"
    }

    /// The kind of refusal.
    public var code: Code
    /// What happened (no value, no bytes of it).
    public var message: String
    /// What to do.
    public var hint: String
    /// The `errno` of a failed read, if that was the cause.
    public var errno: Int32?

    /// Creates an error.
    public init(code: Code, message: String, hint: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.errno = errno
    }

    /// `message (hint)`.
    public var description: String { "\(message) (\(hint))" }
}
