/// Why a canary stopped without an outcome: a code, the release, a message, a hint and the cause.
public struct CanaryError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// The metrics could not be read (after the client's retries): the canary was rolled back.
        case metricsUnavailable = "CanaryMetricsUnavailable"
        /// The weights could not be set: the canary was rolled back (or never started).
        case startFailed = "CanaryStartFailed"
        /// The window was clean but the alias could not be moved to the new version.
        case promoteFailed = "CanaryPromoteFailed"
        /// The rollback itself failed: weights may be left on the alias.
        case rollbackFailed = "CanaryRollbackFailed"
        /// The alias is not where the release expects it (another deploy or a manual change moved it).
        case aliasChanged = "AliasChanged"
    }

    /// The code.
    public var code: Code
    /// The release concerned.
    public var release: CanaryRelease
    /// What happened.
    public var message: String
    /// What to do about it.
    public var hint: String?
    /// The AWS error or other cause.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(
        code: Code, release: CanaryRelease, message: String, hint: String? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.release = release
        self.message = message
        self.hint = hint
        self.underlying = underlying
    }

    /// The hint for a canary whose weights may still be on the alias.
    static let rerunHint = "run `hoist deploy` again: it finishes or undoes an interrupted canary"

    /// `[code] movies-api-dev:live 3 → 4: message: cause`.
    public var description: String {
        "[\(code.rawValue)] \(release): \(message)" + (underlying.map { ": \($0)" } ?? "")
    }
}
