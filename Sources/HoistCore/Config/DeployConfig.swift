/// How a deploy releases a function: the alias traffic goes through, how many versions stay, and an optional
/// canary (`deploy:` in hoist.yml).
public struct DeployConfig: Sendable, Equatable {
    /// The allowed `keep_versions` values: at least the version the alias holds and the one before it, so that a
    /// rollback always has somewhere to go.
    public static let keepVersionsRange: ClosedRange<Int> = 2...100

    /// The alias every trigger invokes (default `live`).
    public var alias: String
    /// How many published versions stay (default 5); older ones that no alias holds are deleted.
    public var keepVersions: Int
    /// The canary a deploy runs unless `--canary` says otherwise; nil releases at once.
    public var canary: CanarySpec?
    /// The errors plus throttles a canary's new version may have in its window (default 0).
    public var canaryThreshold = 0

    /// Creates the settings with the documented defaults.
    public init(alias: String = "live", keepVersions: Int = 5, canary: CanarySpec? = nil) {
        self.alias = alias
        self.keepVersions = keepVersions
        self.canary = canary
    }

    /// Lambda's alias names: 1–128 of letters, digits, `-` and `_`, not all digits (that would be a version).
    static func isAliasName(_ name: String) -> Bool {
        (1...128).contains(name.count) && !name.allSatisfy(ConfigRules.isDigit)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
