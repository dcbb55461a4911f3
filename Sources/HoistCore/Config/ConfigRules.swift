/// The naming and value rules of `hoist.yml`, shared by parsing and stage resolution.
enum ConfigRules {
    /// Environment variables Lambda reserves for itself.
    static let reservedEnvironment: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_XRAY_CONTEXT_MISSING",
        "AWS_XRAY_DAEMON_ADDRESS", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    ]
    /// The variable hoist sets from `admins`.
    static let adminsVariable = "ADMIN_USERNAMES"
    /// Methods allowed in route keys.
    static let routeMethods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"]
    /// Suffixes hoist appends to a stage's names (`<project>-<stage>-rotate`): a stage ending in one would take the
    /// names of another stage's resources.
    static let reservedStageSuffixes = ["-rotate"]
    /// Lambda's limit on function names, which are `<project>-<stage>`.
    static let functionNameLimit = 64

    static func isLowerASCIILetter(_ c: Character) -> Bool { c >= "a" && c <= "z" }
    static func isASCIILetter(_ c: Character) -> Bool { isLowerASCIILetter(c) || (c >= "A" && c <= "Z") }
    static func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" }

    /// `[a-z][a-z0-9-]*` with at most `maxLength` characters (projects and stages).
    static func isResourceName(_ name: String, maxLength: Int) -> Bool {
        guard let first = name.first, isLowerASCIILetter(first), name.count <= maxLength else { return false }
        return name.allSatisfy { isLowerASCIILetter($0) || isDigit($0) || $0 == "-" }
    }

    /// `[A-Za-z][A-Za-z0-9_]*`: a portable environment variable name.
    static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.first, isASCIILetter(first) else { return false }
        return name.allSatisfy { isASCIILetter($0) || isDigit($0) || $0 == "_" }
    }

    /// `[A-Za-z][A-Za-z0-9_.-]*`, up to 100 characters: a table's logical name (the full name must fit in 255).
    static func isTableName(_ name: String) -> Bool {
        guard let first = name.first, isASCIILetter(first), name.count <= 100 else { return false }
        return name.allSatisfy { isASCIILetter($0) || isDigit($0) || $0 == "_" || $0 == "-" || $0 == "." }
    }

    /// A region such as `us-east-1` or `us-gov-west-1`.
    static func isRegion(_ region: String) -> Bool {
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, !last.isEmpty, last.allSatisfy(isDigit) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy(isLowerASCIILetter) }
    }

    /// `service:Action`, with `*` and `?` wildcards allowed in the action.
    static func isAction(_ action: String) -> Bool {
        let parts = action.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return parts[0].allSatisfy { isLowerASCIILetter($0) || isDigit($0) || $0 == "-" }
            && parts[1].allSatisfy { isASCIILetter($0) || isDigit($0) || $0 == "*" || $0 == "?" }
    }

    /// `METHOD /path` (or `ANY /path`), the form API Gateway's route keys take.
    static func isRouteKey(_ key: String) -> Bool {
        let parts = key.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, routeMethods.contains(String(parts[0])) else { return false }
        return parts[1].hasPrefix("/") && !parts[1].contains { $0 == "\t" || $0 == "?" || $0 == "#" }
    }

    /// `<N>d` with N days; nil if the text has another form.
    static func days(_ text: String) -> Int? {
        guard text.hasSuffix("d"), text.count > 1 else { return nil }
        let digits = text.dropLast()
        guard digits.allSatisfy(isDigit) else { return nil }
        return Int(digits)
    }
}
