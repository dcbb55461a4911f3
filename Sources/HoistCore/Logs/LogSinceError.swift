/// A `--since` value that names no time: what was given, why, and what to type instead.
public struct LogSinceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Why the value was refused.
    public enum Reason: Sendable, Equatable {
        /// Nothing was given.
        case empty
        /// Neither a duration nor an ISO 8601 time.
        case unreadable
        /// A duration whose unit is not s, m, h or d.
        case unknownUnit(Character)
        /// A time (or a duration back from now) before 1970.
        case beforeEpoch
        /// A time after now.
        case inTheFuture
    }

    /// The value given.
    public var text: String
    /// Why it was refused.
    public var reason: Reason

    /// Creates the error.
    public init(text: String, reason: Reason) {
        self.text = text
        self.reason = reason
    }

    /// A short machine-readable code.
    public var code: String { "InvalidSince" }

    /// What went wrong.
    public var message: String {
        switch reason {
        case .empty: return "--since is empty"
        case .unreadable: return "--since \"\(text)\" is neither a duration nor an ISO 8601 time"
        case .unknownUnit(let unit): return "--since \"\(text)\": unknown unit \"\(unit)\""
        case .beforeEpoch: return "--since \"\(text)\" reaches before 1970"
        case .inTheFuture: return "--since \"\(text)\" is in the future"
        }
    }

    /// What to type instead.
    public var hint: String {
        "give a duration back from now (30s, 10m, 2h, 1d) or an ISO 8601 time with a zone (2025-03-01T12:00:00Z)"
    }

    /// The message and the hint.
    public var description: String { "\(message)\n  hint: \(hint)" }
}
