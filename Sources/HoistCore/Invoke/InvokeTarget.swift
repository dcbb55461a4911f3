/// What `hoist invoke` calls: a Lambda function and the qualifier it runs on.
///
/// Why the alias by default: it is what the API, schedules and permissions invoke, so `hoist invoke` runs the code
/// users get; `--alias` or `--version` reach another one, and the rotation function (no alias) runs on `$LATEST`.
public struct InvokeTarget: Sendable, Equatable {
    /// Which version runs.
    public enum Qualifier: Sendable, Equatable {
        /// No qualifier: `$LATEST`, for a function that has no alias.
        case unqualified
        /// `$LATEST` named explicitly.
        case latest
        /// A published version.
        case version(String)
        /// An alias.
        case alias(String)

        /// The `Qualifier` query parameter, nil when unqualified.
        public var wire: String? {
            switch self {
            case .unqualified: return nil
            case .latest: return "$LATEST"
            case .version(let number): return number
            case .alias(let name): return name
            }
        }

        /// How messages name it: `alias live`, `version 3`, `$LATEST`.
        public var label: String {
            switch self {
            case .unqualified, .latest: return "$LATEST"
            case .version(let number): return "version \(number)"
            case .alias(let name): return "alias \(name)"
            }
        }
    }

    /// The Lambda function's name.
    public var functionName: String
    /// The qualifier.
    public var qualifier: Qualifier

    /// Creates a target.
    public init(functionName: String, qualifier: Qualifier) {
        self.functionName = functionName
        self.qualifier = qualifier
    }

    /// The target for `function`: through its alias unless `alias` or `version` (at most one) names another.
    public init(function: StageFunctions.Function, alias: String? = nil, version: String? = nil) throws {
        if alias != nil, version != nil {
            throw InvokeError(code: .badQualifier, message: "--alias and --version cannot be used together")
        }
        functionName = function.functionName
        if let version {
            qualifier = try Self.version(version)
        } else if let alias = alias ?? function.alias {
            qualifier = try Self.alias(alias)
        } else {
            qualifier = .unqualified
        }
    }

    /// A `--version` value: `$LATEST` or a version number.
    public static func version(_ text: String) throws -> Qualifier {
        if text == "$LATEST" { return .latest }
        guard !text.isEmpty, text.count <= 10, text.allSatisfy(ConfigRules.isDigit) else {
            throw InvokeError(
                code: .badQualifier, message: "--version \(text) is not a version",
                hint: "a version is a number (`hoist releases` lists them) or $LATEST (quote it in a shell: '$LATEST')")
        }
        return .version(text)
    }

    /// An `--alias` value: Lambda's alias names (1–128 of letters, digits, `-`, `_`, not all digits).
    public static func alias(_ text: String) throws -> Qualifier {
        guard DeployConfig.isAliasName(text) else {
            throw InvokeError(
                code: .badQualifier, message: "--alias \(text) is not an alias name",
                hint: "alias names are 1–128 letters, digits, - and _, not all digits (use --version for a number)")
        }
        return .alias(text)
    }
}
