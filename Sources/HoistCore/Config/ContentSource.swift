/// A file or folder copied into the layer zip or the code zip.
public struct ContentSource: Sendable, Equatable {
    /// The file or folder, as written (relative to the configuration file's folder unless absolute).
    public var path: String
    /// Where the content goes inside the zip, as written; nil means the default (see `effectivePrefix`).
    public var prefix: String?
    /// Glob patterns of files to leave out.
    public var exclude: [String]

    /// Creates a content source.
    public init(path: String, prefix: String? = nil, exclude: [String] = []) {
        self.path = path
        self.prefix = prefix
        self.exclude = exclude
    }

    /// The prefix inside the zip: the configured one, else the file's name for a file and "" for a folder.
    public func effectivePrefix(isDirectory: Bool) -> String {
        if let prefix { return prefix }
        if isDirectory { return "" }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
