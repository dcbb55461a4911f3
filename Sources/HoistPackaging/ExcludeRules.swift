#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Glob patterns that leave files and folders out of a folder input.
///
/// A pattern ending in `/` matches folders only; a pattern without `/` matches a name at any depth;
/// any other pattern matches the path relative to the input folder (`*` does not cross `/`).
public struct ExcludeRules: Sendable, Equatable {
    /// The excludes the seed project used for its layer: `packages/`, `*.zip`, `*.md`.
    public static let defaultPatterns = ["packages/", "*.zip", "*.md"]

    /// The patterns, in the order given.
    public let patterns: [String]

    /// Creates rules from patterns; pass `defaultPatterns + extra` for the usual behaviour.
    public init(patterns: [String]) {
        self.patterns = patterns
    }

    /// True when the relative path (folder or file) must be left out.
    public func excludes(relativePath: String, isDirectory: Bool) -> Bool {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        for pattern in patterns {
            var body = Substring(pattern)
            if body.hasSuffix("/") {
                guard isDirectory else { continue }
                body = body.dropLast()
            }
            if body.hasPrefix("/") { body = body.dropFirst() }
            if body.contains("/") || pattern.hasPrefix("/") {
                if fnmatch(String(body), relativePath, FNM_PATHNAME) == 0 { return true }
            } else if fnmatch(String(body), name, 0) == 0 {
                return true
            }
        }
        return false
    }
}
