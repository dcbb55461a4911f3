#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Glob patterns that leave files and folders out of a folder input.
///
/// A pattern ending in `/` matches folders only, by their path relative to the input folder (so `packages/`
/// leaves out `<input>/packages` but keeps botocore's `vendored/requests/packages`, which botocore imports);
/// a pattern without `/` matches a file or folder name at any depth (`*.md`); any other pattern matches the
/// path relative to the input folder. `*` never crosses `/`.
public struct ExcludeRules: Sendable, Equatable {
    /// The excludes the seed project used for its layer: `packages/`, `*.zip`, `*.md`.
    public static let defaultPatterns = ["packages/", "*.zip", "*.md"]

    /// What a Python function's code zip also leaves out of its source folder: the top-level `python/` (a layer
    /// built by hand), byte-code caches at any depth, and `.git`/`.hoist` (hoist's own work folder).
    public static let pythonCodePatterns = ["python/", "__pycache__", "*.pyc", ".git", ".hoist"]

    /// What a code zip leaves out of its folders by default, because it is likely a secret or a local tool's
    /// state and would ship to Lambda and S3: `.env` and `.env.*`, virtual environments (`.venv`, `venv`),
    /// keys and certificates (`*.pem`, `*.key`), AWS CLI files (`.aws`), git files and folders (`.git*`:
    /// `.git`, `.gitignore`, `.github`…) and `node_modules`, by name at any depth. A file meant to ship is named
    /// in `code_extra` (a file input is never filtered); what was left out is listed in the packager's result.
    public static let sensitiveCodePatterns = [
        ".env", ".env.*", ".venv", "venv", "*.pem", "*.key", ".aws", ".git*", "node_modules",
    ]

    /// The patterns, in the order given.
    public let patterns: [String]

    private struct Compiled: Sendable, Equatable {
        let glob: [CChar]
        let matchesPath: Bool
        let directoriesOnly: Bool
    }

    private let compiled: [Compiled]

    /// Creates rules from patterns; pass `defaultPatterns + extra` for the usual behaviour.
    public init(patterns: [String]) {
        self.patterns = patterns
        compiled = patterns.map { pattern in
            var body = Substring(pattern)
            let directoriesOnly = body.hasSuffix("/")
            if directoriesOnly { body = body.dropLast() }
            let anchored = body.hasPrefix("/") || directoriesOnly
            if body.hasPrefix("/") { body = body.dropFirst() }
            return Compiled(
                glob: Array(String(body).utf8CString), matchesPath: anchored || body.contains("/"),
                directoriesOnly: directoriesOnly)
        }
    }

    /// True when the relative path (folder or file) must be left out.
    public func excludes(relativePath: String, isDirectory: Bool) -> Bool {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        return excludes(relativePath: relativePath, name: name, isDirectory: isDirectory)
    }

    /// True when the relative path, whose last component is `name`, must be left out.
    func excludes(relativePath: String, name: String, isDirectory: Bool) -> Bool {
        for rule in compiled where isDirectory || !rule.directoriesOnly {
            let subject = rule.matchesPath ? relativePath : name
            let matched = rule.glob.withUnsafeBufferPointer { glob in
                fnmatch(glob.baseAddress, subject, rule.matchesPath ? FNM_PATHNAME : 0) == 0
            }
            if matched { return true }
        }
        return false
    }
}
