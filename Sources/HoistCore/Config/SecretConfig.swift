/// A generated secret in Secrets Manager, named `<project>/<stage>/<name>`; the function receives its ARN.
public struct SecretConfig: Sendable, Equatable {
    /// The allowed lengths in random bytes.
    public static let lengthRange: ClosedRange<Int> = 32...4096
    /// The allowed rotation periods in days.
    public static let rotationRange: ClosedRange<Int> = 1...365

    /// The secret's name (the key under `secrets:`), e.g. `JWT_SECRET_KEY`.
    public var name: String
    /// How many random bytes to generate (≥ 32, default 64).
    public var length: Int
    /// The environment variable that carries the secret's ARN (default `<NAME>_ARN`).
    public var env: String
    /// The scheduled rotation period in days, or nil for no scheduled rotation.
    public var rotateEveryDays: Int?

    /// Creates a secret with the documented defaults.
    public init(name: String, length: Int = 64, env: String? = nil, rotateEveryDays: Int? = nil) {
        self.name = name
        self.length = length
        self.env = env ?? name + "_ARN"
        self.rotateEveryDays = rotateEveryDays
    }
}
