import Foundation
import HoistCore
import HoistPackaging

/// Options that choose how the bootstrap is obtained before packaging.
struct ArtifactOptions {
    /// Package this bootstrap instead of building one.
    var bootstrap: String?
    /// Use the last build's bootstrap.
    var skipBuild: Bool
    /// Skip the Amazon Linux compatibility gate (e.g. a shell-script bootstrap in tests).
    var skipGate: Bool
}

/// Build → gate → package, driven by the config: what `plan` and `deploy` run before planning.
enum ArtifactPipeline {
    /// The packaged code (and layer) of the config's backend, as deployment artifacts.
    static func prepare(
        _ config: HoistConfig, options: ArtifactOptions, report: ((ArtifactPackager.Result) -> Void)? = nil
    ) throws -> (
        code: DeploymentInputs.Artifact, layer: DeploymentInputs.Artifact?
    ) {
        let work = config.resolvePath(".hoist")
        let architecture = RuntimeManifest.Architecture(rawValue: config.architecture.rawValue) ?? .x86_64
        var bootstrap = options.bootstrap.map { config.resolvePath($0) } ?? "\(work)/build/bootstrap"
        if options.bootstrap == nil && !options.skipBuild {
            guard let product = config.backend.product else {
                throw CommandError(code: "NoProduct", message: "backend.product is not set in \(config.configFile)")
            }
            let request = BootstrapBuilder.Request(
                packagePath: config.backendDirectory, product: product, architecture: architecture,
                outputPath: bootstrap)
            let progress = ProgressLine(title: "building \(product) (release, static, \(architecture.rawValue))")
            progress.start()
            do {
                _ = try BootstrapBuilder().build(request, progress: progress.update, output: progress.passThrough)
                progress.finish(success: true)
            } catch {
                progress.finish(success: false)
                throw error
            }
        }
        bootstrap = (bootstrap as NSString).standardizingPath
        func inputs(_ sources: [ContentSource]) -> [PackagingConfiguration.Input] {
            sources.map { source in
                let path = config.resolvePath(source.path)
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                let destination = source.effectivePrefix(isDirectory: isDirectory.boolValue)
                return isDirectory.boolValue
                    ? PackagingConfiguration.folderInput("\(path):\(destination)")
                    : PackagingConfiguration.fileInput("\(path):\(destination)")
            }
        }
        var packaging = PackagingConfiguration(bootstrapPath: bootstrap)
        packaging.codeInputs = inputs(config.codeExtra)
        packaging.layerInputs = inputs(config.layer)
        packaging.excludes += config.layer.flatMap(\.exclude) + config.codeExtra.flatMap(\.exclude)
        packaging.directUploadLimit = UInt64(config.upload.directLimitBytes)
        packaging.outputDirectory = "\(work)/dist"
        packaging.cacheDirectory = "\(work)/cache"
        let packager = ArtifactPackager(configuration: packaging)
        if !options.skipGate {
            // Libraries the layer ships under lib/ count as present on the runtime.
            let elf = try ELFFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: bootstrap))))
            try CompatibilityGate(
                runtime: try RuntimeManifest.named(config.runtime.identifier), architecture: architecture,
                bundledLibraries: ArtifactPackager.bundledLibraries(in: try packager.layerFiles())
            ).enforce(elf, path: bootstrap)
        }
        let result = try packager.package()
        report?(result)
        func artifact(_ name: String) -> DeploymentInputs.Artifact? {
            result.manifest.artifact(named: name).map {
                DeploymentInputs.Artifact(
                    sha256Base64: $0.sha256Base64, sha256Hex: $0.sha256, bytes: Int($0.bytes),
                    viaS3: $0.uploadMethod == .s3, path: "\(packaging.outputDirectory)/\($0.file)")
            }
        }
        guard let code = artifact("code") else {
            throw CommandError(code: "NoCode", message: "packaging wrote no code.zip")
        }
        return (code, artifact("layer"))
    }
}
