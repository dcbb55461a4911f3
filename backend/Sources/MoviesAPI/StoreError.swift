/// An error of a user or movie store: a code, a message and the underlying cause.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// A conditional write found the key taken.
        case alreadyExists
        /// A conditional write found no item.
        case notFound
        /// The backing service failed.
        case backend
        /// A stored item could not be read.
        case corruptItem
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
