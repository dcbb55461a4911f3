import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `code.zip`, `layer.zip` and `manifest.json` from a `PackagingConfiguration`, reusing unchanged zips.
public struct ArtifactPackager: Sendable {
    /// The configuration packaged.
    public let configuration: PackagingConfiguration

    /// What one `package()` call produced.
    public struct Result: Sendable, Equatable {
        /// The manifest written to `manifest.json`.
        public let manifest: PackageManifest
        /// The names of the artifacts whose previous zip was reused without recompressing.
        public let reusedArtifacts: Set<String>
        /// Those of them whose inputs had to be read and hashed (stat facts changed, or changed too recently).
        public let verifiedByContent: Set<String>
        /// The path of manifest.json.
        public let manifestPath: String
        /// Archive paths the code zip's ``PackagingConfiguration/codeExcludes`` left out, sorted (folders end
        /// in `/`): shown on `--verbose` so nothing is dropped silently.
        public let leftOut: [String]
    }

    /// The content cache, in the configuration's cache folder.
    public let cache: ContentCache

    /// Creates a packager; `cache` defaults to one in the configuration's cache folder.
    public init(configuration: PackagingConfiguration, cache: ContentCache? = nil) {
        self.configuration = configuration
        self.cache = cache ?? ContentCache(directory: configuration.cacheDirectory)
    }

    private enum Reuse {
        case none, statFacts, content
    }

    /// The format of the bytes this packager writes; part of the cache key.
    static let archiveFormat = "hoist-zip-1"

    /// Collects the inputs, checks limits, writes (or reuses) the zips and writes the manifest.
    public func package() throws(PackagingError) -> Result {
        try ArtifactLimits.validate(directUploadLimit: configuration.directUploadLimit)
        let collector = InputCollector(excludes: ExcludeRules(patterns: configuration.excludes))
        let bootstrap = try bootstrapFile()
        let code = try InputCollector(
            excludes: collector.excludes, reported: ExcludeRules(patterns: configuration.codeExcludes)
        ).collectReporting(configuration.codeInputs)
        let codeFiles = (bootstrap.map { [$0] } ?? []) + code.files
        let layerFiles = try collector.collect(configuration.layerInputs)
        let codeUnzipped = codeFiles.reduce(0) { $0 + $1.size }
        let layerSizes = (layerFiles.isEmpty ? [] : [layerFiles.reduce(0) { $0 + $1.size }])
        try ArtifactLimits.check(
            codeUnzippedBytes: codeUnzipped, layerUnzippedBytes: layerSizes + configuration.externalLayerUnzippedBytes)

        try FileIO.makeDirectories(configuration.outputDirectory)
        var artifacts: [PackageManifest.Artifact] = []
        var reused: Set<String> = []
        var verified: Set<String> = []
        let (codeArtifact, codeReuse) = try packageArtifact(name: "code", files: codeFiles)
        artifacts.append(codeArtifact)
        if codeReuse != .none { reused.insert("code") }
        if codeReuse == .content { verified.insert("code") }
        if layerFiles.isEmpty {
            try FileIO.removeIfPresent(zipPath("layer"))
            try cache.remove("layer")
        } else {
            let (layer, layerReuse) = try packageArtifact(name: "layer", files: layerFiles)
            artifacts.append(layer)
            if layerReuse != .none { reused.insert("layer") }
            if layerReuse == .content { verified.insert("layer") }
        }
        let manifest = PackageManifest(directUploadLimit: configuration.directUploadLimit, artifacts: artifacts)
        let manifestPath = configuration.outputDirectory + "/manifest.json"
        try FileIO.writeAll(Self.encode(manifest), to: manifestPath)
        return Result(
            manifest: manifest, reusedArtifacts: reused, verifiedByContent: verified, manifestPath: manifestPath,
            leftOut: code.leftOut.sorted())
    }

    /// The deterministic JSON of a manifest (sorted keys, two-space indent, trailing newline).
    public static func encode(_ manifest: PackageManifest) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        return Array(try! encoder.encode(manifest)) + [0x0A]
    }

    /// The sonames a layer bundles under `lib/`, which the compatibility gate counts as present.
    public static func bundledLibraries(in layerFiles: [InputFile]) -> Set<String> {
        Set(
            layerFiles.compactMap { file in
                let parts = file.archivePath.split(separator: "/")
                return parts.count == 2 && parts[0] == "lib" ? String(parts[1]) : nil
            })
    }

    /// The layer's input files, for callers that run the gate before packaging.
    public func layerFiles() throws(PackagingError) -> [InputFile] {
        try InputCollector(excludes: ExcludeRules(patterns: configuration.excludes)).collect(configuration.layerInputs)
    }

    private func bootstrapFile() throws(PackagingError) -> InputFile? {
        guard let bootstrapPath = configuration.bootstrapPath else { return nil }
        let files = try InputCollector(excludes: ExcludeRules(patterns: [])).collect([
            .file(source: bootstrapPath, destination: "bootstrap")
        ])
        var bootstrap = files[0]
        bootstrap.mode = 0o755
        return bootstrap
    }

    private func zipPath(_ name: String) -> String {
        configuration.outputDirectory + "/" + name + ".zip"
    }

    private func packageArtifact(
        name: String, files unsorted: [InputFile]
    ) throws(PackagingError) -> (PackageManifest.Artifact, Reuse) {
        let files = unsorted.sorted {
            $0.archivePath.utf8.lexicographicallyPrecedes($1.archivePath.utf8)
        }
        let path = zipPath(name)
        let settings =
            "\(Self.archiveFormat);mtime=\(configuration.modificationTime);level=\(configuration.compressionLevel)"
        if let record = cache.record(for: name), record.settings == settings,
            let zipStat = try? InputCollector.status(of: path, follow: false),
            Self.matches(zipStat, record.zip)
        {
            if cache.statFactsMatch(record, files) {
                return (artifact(name: name, facts: record.zip), .statFacts)
            }
            if Set(record.files.map(\.archivePath)) == Set(files.map(\.archivePath)) {
                let digest = ContentCache.contentDigest(
                    files: files, contentDigests: try ContentCache.hashContents(of: files))
                if digest == record.contentDigest {
                    try cache.store(
                        ContentCache.Record(settings: settings, files: files, contentDigest: digest, zip: record.zip),
                        for: name)
                    return (artifact(name: name, facts: record.zip), .content)
                }
            }
        }
        try cache.remove(name)
        let writer = ZipWriter(
            modificationTime: configuration.modificationTime, compressionLevel: configuration.compressionLevel)
        let summary = try writer.write(files.map(\.entry), to: path)
        let hash = try FileIO.sha256(of: path)
        let zipStat = try InputCollector.status(of: path, follow: false)
        let facts = ContentCache.ZipFacts(
            bytes: summary.zippedBytes, unzippedBytes: summary.unzippedBytes, entries: summary.entryCount,
            sha256: hash.map { String(format: "%02x", $0) }.joined(),
            sha256Base64: Data(hash).base64EncodedString(),
            modificationNanoseconds: Self.modificationNanoseconds(zipStat), inode: UInt64(zipStat.st_ino))
        let digest = ContentCache.contentDigest(files: files, contentDigests: summary.contentDigests)
        try cache.store(
            ContentCache.Record(settings: settings, files: files, contentDigest: digest, zip: facts), for: name)
        return (artifact(name: name, facts: facts), .none)
    }

    private func artifact(name: String, facts: ContentCache.ZipFacts) -> PackageManifest.Artifact {
        PackageManifest.Artifact(
            name: name, file: name + ".zip", bytes: facts.bytes, unzippedBytes: facts.unzippedBytes,
            entries: facts.entries, sha256: facts.sha256, sha256Base64: facts.sha256Base64,
            uploadMethod: ArtifactLimits.uploadMethod(
                zippedBytes: facts.bytes, directUploadLimit: configuration.directUploadLimit))
    }

    private static func modificationNanoseconds(_ info: stat) -> Int64 {
        Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    private static func matches(_ info: stat, _ facts: ContentCache.ZipFacts) -> Bool {
        UInt64(info.st_size) == facts.bytes && UInt64(info.st_ino) == facts.inode
            && modificationNanoseconds(info) == facts.modificationNanoseconds
    }
}
