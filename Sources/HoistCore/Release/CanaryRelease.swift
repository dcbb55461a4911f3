/// The release a canary is about: which function, which alias, the version it is on and the one coming in.
public struct CanaryRelease: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The function's name.
    public var functionName: String
    /// The alias that takes the traffic, e.g. `live`.
    public var alias: String
    /// The version the alias is on before the release (and stays on when the canary rolls back).
    public var oldVersion: String
    /// The version published for the release.
    public var newVersion: String

    /// Creates a release.
    public init(functionName: String, alias: String, oldVersion: String, newVersion: String) {
        self.functionName = functionName
        self.alias = alias
        self.oldVersion = oldVersion
        self.newVersion = newVersion
    }

    /// `movies-api-dev:live 3 → 4`.
    public var description: String { "\(functionName):\(alias) \(oldVersion) → \(newVersion)" }
}
