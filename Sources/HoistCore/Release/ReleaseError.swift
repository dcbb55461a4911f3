/// Why a release operation (`hoist releases`, `hoist rollback`, a canary) cannot go on.
public struct ReleaseError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The function has no alias yet (a stage deployed before aliases, or never deployed).
        case noAlias = "NoAlias"
        /// The version asked for is not published.
        case noSuchVersion = "NoSuchVersion"
        /// There is no older version to go back to.
        case nothingToRollBackTo = "NothingToRollBackTo"
        /// The version needs resources the stage no longer has.
        case incompatible = "IncompatibleVersion"
    }

    /// The code.
    public var code: Code
    /// What happened.
    public var message: String
    /// What to do.
    public var hint: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// `[code] message`, and the hint on its own line.
    public var description: String {
        "[\(code.rawValue)] \(message)" + (hint.map { "\n  hint: \($0)" } ?? "")
    }
}
