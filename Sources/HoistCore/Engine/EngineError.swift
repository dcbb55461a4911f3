/// Why the engine stopped: a code, the resource, a message, a hint and the cause.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// A resource of the expected name belongs to someone else.
        case conflict = "OwnershipConflict"
        /// The account changed since the plan was made.
        case drift = "PlanOutdated"
        /// An artifact on disk is not the one planned.
        case artifactChanged = "ArtifactChanged"
        /// The plan is for another account, region or stage, or another format.
        case wrongTarget = "PlanTargetMismatch"
        /// The plan file cannot be read.
        case badPlan = "InvalidPlanFile"
        /// Something the step needs is not there.
        case missingDependency = "MissingDependency"
        /// The change cannot be made by hoist.
        case unsupported = "UnsupportedChange"
        /// A call to AWS failed.
        case aws = "ApplyFailed"
    }

    /// The code.
    public var code: Code
    /// The resource concerned, when one is.
    public var address: ResourceAddress?
    /// What happened.
    public var message: String
    /// What to do about it.
    public var hint: String?
    /// The AWS error or other cause.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(
        code: Code, address: ResourceAddress? = nil, message: String, hint: String? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.address = address
        self.message = message
        self.hint = hint
        self.underlying = underlying
    }

    /// `[code] address: message: cause`.
    public var description: String {
        "[\(code.rawValue)] " + (address.map { "\($0): " } ?? "") + message + (underlying.map { ": \($0)" } ?? "")
    }
}
