import ArgumentParser
import Foundation
import HoistCore
import HoistPackaging

/// `hoist package`: writes `.hoist/dist/code.zip`, `layer.zip` and `manifest.json`, reproducibly.
public struct PackageCommand: ParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Write .hoist/dist/code.zip, layer.zip and manifest.json (reproducible; unchanged input is reused)."
    )

    /// hoist.yml that names the content (the bootstrap is then `.hoist/build/bootstrap` beside it).
    @Option(help: "Package what this hoist.yml names (the other content flags are then ignored).")
    public var config: String?

    /// The bootstrap to package.
    @Option(help: "The bootstrap executable (from hoist build).")
    public var bootstrap = ".hoist/build/bootstrap"

    /// Extra files of code.zip.
    @Option(name: .customLong("extra"), help: "An extra file or folder for code.zip, as PATH[:DEST] (repeatable).")
    public var extras: [String] = []

    /// Folders of layer.zip.
    @Option(
        name: .customLong("layer-dir"),
        help: "A folder for layer.zip, as DIR (kept under its name) or DIR:PREFIX, e.g. libs:lib (repeatable).")
    public var layerDirectories: [String] = []

    /// Extra exclude patterns.
    @Option(name: .customLong("exclude"), help: "Leave out matching files (glob; DIR/ for folders; repeatable).")
    public var excludes: [String] = []

    /// The direct-upload limit.
    @Option(
        name: .customLong("direct-upload-limit"),
        help: "Artifacts above this size go through S3: bytes, or with KB/MB (default 10MB, at most 50MB).")
    public var directUploadLimit = "10MB"

    /// The output folder.
    @Option(name: .customLong("output-dir"), help: "Where to write the zips and manifest.json.")
    public var outputDirectory = ".hoist/dist"

    /// The content cache folder.
    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("The content cache's folder.", visibility: .hidden))
    public var cacheDirectory = ".hoist/cache"

    /// The runtime the gate checks against.
    @Option(help: "provided.al2023 or provided.al2.")
    public var runtime = RuntimeManifest.providedAL2023.name

    /// The Lambda architecture.
    @Option(name: .customLong("arch"), help: "x86_64 or arm64 (default: this machine's).")
    public var architecture: String = BootstrapBuilder.hostArchitecture.rawValue

    /// Skips the compatibility gate (e.g. for a shell-script bootstrap).
    @Flag(name: .customLong("no-gate"), help: "Do not check that the bootstrap loads on the runtime.")
    public var skipGate = false

    /// Lists each path the code zip left out by default (secrets, environments, git and node files).
    @Flag(name: .long, help: "List every file and folder the code zip left out by default (.env, *.pem, .git*…).")
    public var verbose = false

    /// Creates the command with default options.
    public init() {}

    /// Parses a size such as `10MB`, `512KB` or `1048576` (MB and KB are binary: 1 MB = 1,048,576 bytes).
    public static func parseSize(_ text: String) throws -> UInt64 {
        let upper = text.uppercased()
        for (suffix, factor) in [("MB", UInt64(1 << 20)), ("KB", UInt64(1 << 10)), ("B", UInt64(1))]
        where upper.hasSuffix(suffix) {
            guard let value = UInt64(upper.dropLast(suffix.count)) else { break }
            return value * factor
        }
        guard let value = UInt64(upper) else {
            throw ValidationError("cannot read the size '\(text)': use bytes, or a number with KB or MB")
        }
        return value
    }

    /// The packaging configuration the options describe.
    public func makeConfiguration(environment: [String: String]) throws -> PackagingConfiguration {
        PackagingConfiguration(
            bootstrapPath: bootstrap, codeInputs: try extras.map(Self.input),
            layerInputs: layerDirectories.map(PackagingConfiguration.folderInput),
            excludes: ExcludeRules.defaultPatterns + excludes, directUploadLimit: try Self.parseSize(directUploadLimit),
            outputDirectory: outputDirectory, cacheDirectory: cacheDirectory,
            modificationTime: DeterministicArchive.modificationTime(environment: environment))
    }

    private static func input(_ text: String) throws -> PackagingConfiguration.Input {
        let source = text.lastIndex(of: ":").map { String(text[..<$0]) } ?? text
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
            throw ValidationError("--extra \(text): \(source) does not exist")
        }
        return isFolder.boolValue
            ? PackagingConfiguration.folderInput(text) : PackagingConfiguration.fileInput(text)
    }

    /// Gates the bootstrap, then packages and prints one line per artifact.
    public func run() throws {
        if let config {
            // hoist.yml names the content; the bootstrap is the last `hoist build`'s.
            let file = try HoistConfig.load(path: config).resolved()
            _ = try ArtifactPipeline.prepareProject(
                file, options: ArtifactOptions(bootstrap: nil, skipBuild: true, skipGate: skipGate)
            ) { result in
                for artifact in result.manifest.artifacts {
                    let reused = result.reusedArtifacts.contains(artifact.name) ? ", unchanged: reused" : ""
                    print(
                        "\(artifact.file): \(Self.megabytes(artifact.bytes)), sha256 \(artifact.sha256Base64), "
                            + "upload \(artifact.uploadMethod.rawValue)\(reused)")
                }
                print(result.manifestPath)
                Self.reportLeftOut(result.leftOut, verbose: verbose)
            }
            return
        }
        let configuration = try makeConfiguration(environment: ProcessInfo.processInfo.environment)
        guard FileManager.default.fileExists(atPath: bootstrap) else {
            throw ValidationError("no bootstrap at \(bootstrap): run `hoist build` first, or pass --bootstrap PATH")
        }
        let packager = ArtifactPackager(configuration: configuration)
        if !skipGate {
            guard let arch = RuntimeManifest.Architecture(name: architecture) else {
                throw ValidationError("unknown architecture '\(architecture)': use x86_64 or arm64")
            }
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: bootstrap)))
            let elf = try ELFFile(bytes: bytes)
            let bundled = ArtifactPackager.bundledLibraries(in: try packager.layerFiles())
            try CompatibilityGate(
                runtime: try RuntimeManifest.named(runtime), architecture: arch, bundledLibraries: bundled
            )
            .enforce(elf, path: bootstrap)
        }
        let result = try packager.package()
        for artifact in result.manifest.artifacts {
            let reused = result.reusedArtifacts.contains(artifact.name) ? ", unchanged: reused" : ""
            let files = artifact.entries == 1 ? "1 file" : "\(artifact.entries) files"
            print(
                "\(configuration.outputDirectory)/\(artifact.file): \(Self.megabytes(artifact.bytes)) "
                    + "(\(Self.megabytes(artifact.unzippedBytes)) unzipped, \(files)), "
                    + "sha256 \(artifact.sha256Base64), upload \(artifact.uploadMethod.rawValue)\(reused)")
        }
        print("\(result.manifestPath)")
        Self.reportLeftOut(result.leftOut, verbose: verbose)
    }

    /// One line saying how many paths the code zip left out by default; each of them with `--verbose`.
    static func reportLeftOut(_ leftOut: [String], verbose: Bool) {
        guard !leftOut.isEmpty else { return }
        let count = leftOut.count == 1 ? "1 path" : "\(leftOut.count) paths"
        let how = "name a file in code_extra to ship it on purpose"
        print("left out of code.zip by default: \(count)" + (verbose ? " (\(how)):" : " (--verbose lists them)"))
        if verbose { leftOut.forEach { print("  \($0)") } }
    }

    private static func megabytes(_ bytes: UInt64) -> String {
        String(format: "%.2f MB", Double(bytes) / 1_048_576)
    }
}
