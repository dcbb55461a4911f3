/// A failed system call and its errno.
public struct SystemCallFailure: Error, CustomStringConvertible, Sendable {
    /// The call's name.
    public var call: String
    /// The errno it left.
    public var errno: Int32

    /// Creates the failure.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// `call: errno N`.
    public var description: String { "\(call) failed (errno \(errno))" }
}
