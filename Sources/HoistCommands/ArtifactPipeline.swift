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

/// What a deploy uploads: the code zip (of the one-function form, or the first function's), the layer, and the
/// code of each function of `functions:` by name.
struct PreparedArtifacts {
    /// The one-function form's code, or the first function's.
    var code: DeploymentInputs.Artifact
    /// The layer, if any.
    var layer: DeploymentInputs.Artifact?
    /// Each function's code by hoist.yml name; empty when every function runs `code` (Python, one function).
    var codes: [String: DeploymentInputs.Artifact] = [:]
}

/// Build → gate → package, driven by the config: what `plan` and `deploy` run before planning.
enum ArtifactPipeline {
    /// Every function's artifacts: for a Swift project of several products, one swift build per architecture of
    /// all the products needed on it, then each gated and zipped on its own (a product whose zip did not change
    /// keeps its digest, so its function is neither uploaded nor updated); otherwise ``prepare(_:options:report:)``.
    static func prepareProject(
        _ config: HoistConfig, options: ArtifactOptions, report: ((ArtifactPackager.Result) -> Void)? = nil
    ) throws -> PreparedArtifacts {
        let builds = config.productBuilds
        guard config.hasFunctionMap, config.runtime.isProvided, !builds.isEmpty else {
            let (code, layer) = try prepare(config, options: options, report: report)
            return PreparedArtifacts(code: code, layer: layer)
        }
        let work = config.resolvePath(".hoist")
        // `--bootstrap DIR` packages prebuilt executables: DIR/<folder> for each build.
        let bootstraps = Dictionary(
            uniqueKeysWithValues: builds.map { build in
                (
                    build,
                    options.bootstrap.map { config.resolvePath($0) + "/" + build.folder }
                        ?? "\(work)/build/\(build.folder)/bootstrap"
                )
            })
        if options.bootstrap == nil && !options.skipBuild {
            let requests = buildRequests(builds, config: config, outputs: bootstraps)
            // Every request's arguments first: an architecture this machine cannot build for is refused before
            // minutes go into the others.
            for request in requests { _ = try BootstrapBuilder().arguments(for: request) }
            for request in requests {
                let products = request.outputs.map(\.product).joined(separator: ", ")
                _ = try BootstrapBuild.run(
                    request, title: "building \(products) (release, static, \(request.architecture.rawValue))")
            }
        }
        try requireBootstraps(builds.map { bootstraps[$0]! }, folder: options.bootstrap)
        var byBuild: [ProductBuild: DeploymentInputs.Artifact] = [:]
        var layer: DeploymentInputs.Artifact?
        for (index, build) in builds.enumerated() {
            // The layer (hoist.yml's `layer` content) is packaged once, with the first build.
            // Each build its own dist and cache folder: the cache keeps one code zip, so a shared one would make
            // the products evict each other's and every deploy deflate them all again.
            let (code, buildLayer) = try package(
                config, bootstrap: bootstraps[build]!, output: "\(work)/dist/\(build.folder)",
                cache: "\(work)/cache/\(build.folder)", withLayer: index == 0, gate: !options.skipGate,
                architecture: RuntimeManifest.Architecture(build.architecture), report: report)
            byBuild[build] = code
            if index == 0 { layer = buildLayer }
        }
        var codes: [String: DeploymentInputs.Artifact] = [:]
        for function in config.functions {
            codes[function.name] = config.productBuild(of: function).flatMap { byBuild[$0] }
        }
        return PreparedArtifacts(code: byBuild[builds[0]]!, layer: layer, codes: codes)
    }

    /// Refuses, naming every one, bootstraps that are not there: `--bootstrap DIR` lacks a product, or no
    /// `hoist build` made them (`hoist package` packages the last build's).
    static func requireBootstraps(_ paths: [String], folder: String?) throws {
        let missing = paths.filter { !FileManager.default.fileExists(atPath: $0) }
        guard !missing.isEmpty else { return }
        let fix =
            folder != nil
            ? "--bootstrap \(folder!) holds one executable per product: <product>, or <product>@<architecture> for a "
                + "function on another architecture than the top-level one"
            : "run `hoist build` first"
        throw CommandError(
            code: "NoBootstrap", message: "no bootstrap at " + missing.joined(separator: ", ") + ": " + fix)
    }

    /// One build request per architecture, of every product needed on it, each to `outputs[build]` (pure).
    static func buildRequests(
        _ builds: [ProductBuild], config: HoistConfig, outputs: [ProductBuild: String], swiftSDK: String? = nil,
        scratchPath: String? = nil
    ) -> [BootstrapBuilder.Request] {
        let architectures = Architecture.allCases.filter { architecture in
            builds.contains { $0.architecture == architecture }
        }
        return architectures.map { architecture in
            let group = builds.filter { $0.architecture == architecture }
            var request = BootstrapBuilder.Request(
                packagePath: config.backendDirectory, product: group[0].product,
                architecture: RuntimeManifest.Architecture(architecture), swiftSDK: swiftSDK,
                outputPath: outputs[group[0]]!, scratchPath: scratchPath)
            request.companions = group.dropFirst().map {
                BootstrapBuilder.Companion(product: $0.product, outputPath: outputs[$0]!)
            }
            return request
        }
    }

    /// Gates one built product and zips it with the config's `code_extra` (and the layer when asked).
    static func package(
        _ config: HoistConfig, bootstrap: String, output: String, cache: String, withLayer: Bool, gate: Bool,
        architecture: RuntimeManifest.Architecture, report: ((ArtifactPackager.Result) -> Void)?
    ) throws -> (code: DeploymentInputs.Artifact, layer: DeploymentInputs.Artifact?) {
        let bootstrap = (bootstrap as NSString).standardizingPath
        var packaging = PackagingConfiguration(bootstrapPath: bootstrap)
        packaging.codeInputs = inputs(config.codeExtra, config)
        packaging.layerInputs = withLayer ? inputs(config.layer, config) : []
        packaging.excludes += config.layer.flatMap(\.exclude) + config.codeExtra.flatMap(\.exclude)
        packaging.directUploadLimit = UInt64(config.upload.directLimitBytes)
        packaging.outputDirectory = output
        packaging.cacheDirectory = cache
        let packager = ArtifactPackager(configuration: packaging)
        if gate {
            // Libraries the layer ships under lib/ count as present on the runtime.
            let elf = try ELFFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: bootstrap))))
            try CompatibilityGate(
                runtime: try RuntimeManifest.named(config.runtime.identifier), architecture: architecture,
                bundledLibraries: ArtifactPackager.bundledLibraries(in: try packager.layerFiles())
            ).enforce(elf, path: bootstrap)
        }
        return try finish(packager, report: report)
    }

    /// The packaged code (and layer) of the config's backend, as deployment artifacts.
    static func prepare(
        _ config: HoistConfig, options: ArtifactOptions, report: ((ArtifactPackager.Result) -> Void)? = nil
    ) throws -> (
        code: DeploymentInputs.Artifact, layer: DeploymentInputs.Artifact?
    ) {
        if case .python = config.runtime {
            return try preparePython(config, report: report)
        }
        let work = config.resolvePath(".hoist")
        let architecture = RuntimeManifest.Architecture(config.architecture)
        let bootstrap = options.bootstrap.map { config.resolvePath($0) } ?? "\(work)/build/bootstrap"
        if options.bootstrap == nil && !options.skipBuild {
            guard let product = config.backend.product else {
                throw CommandError(code: "NoProduct", message: "backend.product is not set in \(config.configFile)")
            }
            let request = BootstrapBuilder.Request(
                packagePath: config.backendDirectory, product: product, architecture: architecture,
                outputPath: bootstrap)
            _ = try BootstrapBuild.run(
                request, title: "building \(product) (release, static, \(architecture.rawValue))")
        }
        return try package(
            config, bootstrap: bootstrap, output: "\(work)/dist", cache: "\(work)/cache", withLayer: true,
            gate: !options.skipGate, architecture: architecture, report: report)
    }

    /// A python3.x function: the pip-built layer (plus `layer` content) and the source folder as code.
    static func preparePython(
        _ config: HoistConfig, report: ((ArtifactPackager.Result) -> Void)?
    ) throws -> (code: DeploymentInputs.Artifact, layer: DeploymentInputs.Artifact?) {
        try checkHandlerModule(config)
        let work = config.resolvePath(".hoist")
        var packaging = PackagingConfiguration(bootstrapPath: nil)
        packaging.codeInputs =
            [.folder(source: config.backendDirectory, destination: "")] + inputs(config.codeExtra, config)
        packaging.layerInputs = inputs(config.layer, config)
        if let layer = try pythonLayer(config) {
            packaging.layerInputs.append(.folder(source: layer.sitePackages, destination: "python"))
        }
        packaging.excludes +=
            ExcludeRules.pythonCodePatterns + config.layer.flatMap(\.exclude) + config.codeExtra.flatMap(\.exclude)
        packaging.directUploadLimit = UInt64(config.upload.directLimitBytes)
        packaging.outputDirectory = "\(work)/dist"
        packaging.cacheDirectory = "\(work)/cache"
        return try finish(ArtifactPackager(configuration: packaging), report: report)
    }

    /// The files a Python handler's module can be, relative to the code folder (pure):
    /// `functions.users.handler` → `functions/users.py`, `functions/users/__init__.py`.
    static func handlerModuleFiles(_ handler: String) -> [String] {
        guard let dot = handler.lastIndex(of: ".") else { return [] }
        let module = handler[..<dot].replacingOccurrences(of: ".", with: "/")
        return module.isEmpty ? [] : ["\(module).py", "\(module)/__init__.py"]
    }

    /// Refuses, before pip runs, a handler whose module is not in the code folder (unless `code_extra` may
    /// bring it): Lambda would only say so at the first invocation.
    static func checkHandlerModule(_ config: HoistConfig) throws {
        guard config.codeExtra.isEmpty else { return }
        let candidates = handlerModuleFiles(config.handler)
        let folder = config.backendDirectory
        guard !candidates.contains(where: { FileManager.default.fileExists(atPath: "\(folder)/\($0)") }) else { return }
        throw CommandError(
            code: "HandlerNotFound",
            message: "handler \(config.handler) needs "
                + (candidates.isEmpty ? "the form module.function" : candidates.joined(separator: " or "))
                + " in the code folder \(folder) (backend.path)")
    }

    /// Installs a python3.x config's requirements with pip (or reuses the cached install) and gates every shared
    /// object; nil when the config has no requirements. Its `sitePackages` is what `PythonLocalLaunch` puts on
    /// `PYTHONPATH`.
    static func pythonLayer(_ config: HoistConfig) throws -> PythonLayerBuilder.Result? {
        guard case .python(let minor) = config.runtime, let requirements = config.requirements else { return nil }
        let architecture = RuntimeManifest.Architecture(config.layerArchitecture)
        var request = PythonLayerBuilder.Request(
            pythonMinor: minor, architecture: architecture, workDirectory: config.resolvePath(".hoist/python"))
        switch requirements {
        case .file(let path): request.requirementsFile = config.resolvePath(path)
        case .list(let list): request.requirements = list
        }
        let progress = ProgressLine(
            title:
                "installing requirements with pip (\(config.runtime), \(PythonLayerBuilder.platformTag(for: architecture)))"
        )
        progress.start()
        do {
            let result = try PythonLayerBuilder().build(request)
            progress.finish(success: true, detail: result.reused ? "unchanged requirements: reused" : nil)
            return result
        } catch {
            progress.finish(success: false)
            throw error
        }
    }

    /// How `hoist dev` runs a python3.x config's handler locally: the layer installed (or reused) first, then
    /// `python3 -m awslambdaric <handler>` in the code folder with it and the layer's `python/` on `PYTHONPATH`.
    /// nil for a `provided.*` runtime.
    static func pythonLaunch(_ config: HoistConfig) throws -> PythonLocalLaunch? {
        try pythonLaunches(config, handlers: [config.handler])?[config.handler]
    }

    /// ``pythonLaunch(_:)`` for several handlers (the functions of `functions:`), the layer installed once; by
    /// handler. nil for a `provided.*` runtime.
    static func pythonLaunches(_ config: HoistConfig, handlers: [String]) throws -> [String: PythonLocalLaunch]? {
        guard case .python = config.runtime else { return nil }
        let layer = try pythonLayer(config)
        return Dictionary(
            handlers.map { handler in
                (
                    handler,
                    PythonLocalLaunch(
                        handler: handler, codeDirectory: config.backendDirectory,
                        layerSitePackages: layer?.sitePackages)
                )
            }
        ) { first, _ in first }
    }

    /// Packaging inputs for `layer`/`code_extra` sources, resolved against the config's folder.
    static func inputs(_ sources: [ContentSource], _ config: HoistConfig) -> [PackagingConfiguration.Input] {
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

    /// Packages and turns the manifest into deployment artifacts.
    static func finish(
        _ packager: ArtifactPackager, report: ((ArtifactPackager.Result) -> Void)?
    ) throws -> (code: DeploymentInputs.Artifact, layer: DeploymentInputs.Artifact?) {
        let packaging = packager.configuration
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
