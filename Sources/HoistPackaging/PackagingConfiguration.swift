/// Everything `ArtifactPackager` needs, independent of where it came from (flags today, hoist.yml later).
public struct PackagingConfiguration: Sendable, Equatable {
    /// One input of an artifact: a file or a folder, and where it goes inside the zip.
    public enum Input: Sendable, Equatable {
        /// A single file stored at `destination` (mode 0755 when any execute bit is set, else 0644).
        case file(source: String, destination: String)
        /// A folder whose files are stored under `destination` (empty: at the root), excludes applied.
        case folder(source: String, destination: String)
    }

    /// The bootstrap executable, stored as `bootstrap` with mode 0755; nil for a runtime without one (Python).
    public var bootstrapPath: String?
    /// Extra inputs of code.zip.
    public var codeInputs: [Input]
    /// Inputs of layer.zip; when they hold no file, no layer is written.
    public var layerInputs: [Input]
    /// Exclude patterns applied to folder inputs, the seed's defaults (`packages/`, `*.zip`, `*.md`) included.
    public var excludes: [String]
    /// Patterns applied on top of `excludes` to the folder inputs of code.zip only, whose matches are reported in
    /// ``ArtifactPackager/Result/leftOut`` (default: ``ExcludeRules/sensitiveCodePatterns``).
    public var codeExcludes: [String]
    /// Artifacts larger than this many zipped bytes are marked for S3 (default 10 MB, at most 50 MB).
    public var directUploadLimit: UInt64
    /// Layers the function uses besides hoist's own (e.g. by ARN), counted against the 5-layer limit.
    public var externalLayerUnzippedBytes: [UInt64]
    /// Where code.zip, layer.zip and manifest.json are written.
    public var outputDirectory: String
    /// Where the content cache keeps its records.
    public var cacheDirectory: String
    /// The modification time stored for every entry (see `DeterministicArchive.modificationTime`).
    public var modificationTime: Int
    /// The zlib level (1–9).
    public var compressionLevel: Int32

    /// Creates a configuration with hoist's defaults under `.hoist/`.
    public init(
        bootstrapPath: String?, codeInputs: [Input] = [], layerInputs: [Input] = [],
        excludes: [String] = ExcludeRules.defaultPatterns,
        codeExcludes: [String] = ExcludeRules.sensitiveCodePatterns,
        directUploadLimit: UInt64 = ArtifactLimits.defaultDirectUploadLimit,
        externalLayerUnzippedBytes: [UInt64] = [], outputDirectory: String = ".hoist/dist",
        cacheDirectory: String = ".hoist/cache",
        modificationTime: Int = DeterministicArchive.defaultModificationTime, compressionLevel: Int32 = 6
    ) {
        self.bootstrapPath = bootstrapPath
        self.codeInputs = codeInputs
        self.layerInputs = layerInputs
        self.excludes = excludes
        self.codeExcludes = codeExcludes
        self.directUploadLimit = directUploadLimit
        self.externalLayerUnzippedBytes = externalLayerUnzippedBytes
        self.outputDirectory = outputDirectory
        self.cacheDirectory = cacheDirectory
        self.modificationTime = modificationTime
        self.compressionLevel = compressionLevel
    }

    /// Parses a `SOURCE[:DESTINATION]` flag value for a folder; without a destination the folder keeps its name.
    public static func folderInput(_ text: String) -> Input {
        let (source, destination) = split(text)
        return .folder(source: source, destination: destination ?? lastComponent(of: source))
    }

    /// Parses a `SOURCE[:DESTINATION]` flag value for a file; without a destination the file keeps its name.
    public static func fileInput(_ text: String) -> Input {
        let (source, destination) = split(text)
        return .file(source: source, destination: destination ?? lastComponent(of: source))
    }

    private static func split(_ text: String) -> (String, String?) {
        guard let colon = text.lastIndex(of: ":") else { return (text, nil) }
        var destination = String(text[text.index(after: colon)...])
        while destination.hasSuffix("/") { destination.removeLast() }
        return (String(text[..<colon]), destination)
    }

    private static func lastComponent(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
