import ArgumentParser
import Foundation
import HoistCore
import HoistPackaging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `hoist build`: compiles the backend into `.hoist/build/bootstrap` and proves it loads on the runtime.
public struct BuildCommand: ParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "build",
        abstract:
            "Compile the backend to .hoist/build/bootstrap (release, fully static) and run the compatibility gate."
    )

    /// The backend's SwiftPM package folder.
    @Option(name: .customLong("package-path"), help: "The backend's Swift package folder.")
    public var packagePath = "backend"

    /// The executable product to build.
    @Option(help: "The backend's executable product (default: backend.product of hoist.yml).")
    public var product: String?

    /// The hoist.yml that names the backend when `--product` is not given.
    @Option(help: "hoist.yml to take the backend from when --product is not given (default: ./hoist.yml).")
    public var config: String?

    /// The Lambda architecture.
    @Option(name: .customLong("arch"), help: "x86_64 or arm64 (default: this machine's).")
    public var architecture: String = BootstrapBuilder.hostArchitecture.rawValue

    /// The Lambda runtime the gate checks against.
    @Option(help: "provided.al2023 or provided.al2.")
    public var runtime = RuntimeManifest.providedAL2023.name

    /// A Swift SDK to build with instead of -static-executable.
    @Option(name: .customLong("swift-sdk"), help: "Build with this Swift SDK (e.g. the static Linux musl SDK).")
    public var swiftSDK: String?

    /// Where the bootstrap is written.
    @Option(help: "Where to write the bootstrap.")
    public var output = ".hoist/build/bootstrap"

    /// swift's build folder.
    @Option(name: .customLong("scratch-path"), help: ArgumentHelp("swift build's build folder.", visibility: .hidden))
    public var scratchPath: String?

    /// Run swift even when no input changed since the last build.
    @Flag(name: .long, help: "Rebuild even when no input of the last build changed.")
    public var force = false

    /// Show every line of swift build's output.
    @Flag(name: .long, help: "Show all of swift build's output (progress steps and static-linking notices too).")
    public var verbose = false

    /// Creates the command with default options.
    public init() {}

    /// The build request the options describe (the first, when hoist.yml's functions need several architectures).
    public func makeRequest() throws -> BootstrapBuilder.Request {
        try settings().requests[0]
    }

    /// The build requests and runtime: from the flags with `--product`, else from hoist.yml (one request per
    /// architecture its functions run on).
    func settings() throws -> (requests: [BootstrapBuilder.Request], runtime: String) {
        if let product {
            guard let arch = RuntimeManifest.Architecture(name: architecture) else {
                throw ValidationError("unknown architecture '\(architecture)': use x86_64 or arm64")
            }
            return (
                [
                    BootstrapBuilder.Request(
                        packagePath: packagePath, product: product, architecture: arch, swiftSDK: swiftSDK,
                        outputPath: output, scratchPath: scratchPath)
                ], runtime
            )
        }
        let path = config ?? "hoist.yml"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("pass --product, or --config with a hoist.yml that names backend.product")
        }
        let file = try HoistConfig.load(path: path).resolved()
        if file.hasFunctionMap {
            // Every product `functions:` names, one swift build per architecture, each product to
            // `.hoist/build/<folder>/bootstrap`.
            let builds = file.productBuilds
            guard !builds.isEmpty else { throw ValidationError("no function of \(path) names a product") }
            let outputs = Dictionary(
                uniqueKeysWithValues: builds.map { ($0, file.resolvePath(".hoist/build/\($0.folder)/bootstrap")) })
            let requests = ArtifactPipeline.buildRequests(
                builds, config: file, outputs: outputs, swiftSDK: swiftSDK, scratchPath: scratchPath)
            if swiftSDK != nil, requests.count > 1 {
                throw ValidationError(
                    "--swift-sdk names the SDK of one architecture, and the functions of \(path) run on "
                        + requests.map(\.architecture.rawValue).joined(separator: " and ")
                        + ": leave it out (hoist builds this machine's architecture with -static-executable and "
                        + "the other with the installed static Linux SDK)")
            }
            return (requests, file.runtime.identifier)
        }
        guard let product = file.backend.product else {
            throw ValidationError("backend.product is not set in \(path)")
        }
        return (
            [
                BootstrapBuilder.Request(
                    packagePath: file.backendDirectory, product: product,
                    architecture: RuntimeManifest.Architecture(file.architecture), swiftSDK: swiftSDK,
                    outputPath: file.resolvePath(".hoist/build/bootstrap"), scratchPath: scratchPath)
            ],
            file.runtime.identifier
        )
    }

    /// Builds, then refuses a bootstrap that would not load on the runtime; for a python3.x hoist.yml, installs
    /// the requirements into the layer folder and gates it instead (there is nothing to compile). Every request's
    /// arguments are worked out before the first build, so an architecture this machine cannot build for is
    /// refused before minutes go into another.
    public func run() throws {
        if product == nil, let file = try pythonConfig() {
            try buildPython(file)
            return
        }
        let (requests, runtime) = try settings()
        let manifest = try RuntimeManifest.named(runtime)
        let builder = BootstrapBuilder()
        let arguments = try requests.map { try builder.arguments(for: $0) }
        for (request, arguments) in zip(requests, arguments) {
            let mode =
                arguments.firstIndex(of: "--swift-sdk").map { "Swift SDK \(arguments[$0 + 1])" } ?? "static-executable"
            let products = request.outputs.map(\.product).joined(separator: ", ")
            _ = try BootstrapBuild.run(
                request, title: "building \(products) (release, \(mode), \(request.architecture.rawValue))",
                force: force, verbose: verbose || ConsoleSettings.verbose, builder: builder)
            // Every product of the build is gated, each on its own.
            for output in request.outputs {
                let elf = try ELFFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: output.outputPath))))
                try CompatibilityGate(runtime: manifest, architecture: request.architecture).enforce(
                    elf, path: output.outputPath)
                let linkage =
                    elf.isStatic
                    ? "static, no dynamic section" : "dynamic: \(elf.neededLibraries.joined(separator: ", "))"
                print(
                    "bootstrap: \(output.outputPath) (\(linkage)) loads on \(manifest.name) "
                        + request.architecture.rawValue)
            }
        }
    }
}

extension BuildCommand {
    /// The hoist.yml named by `--config` (or `./hoist.yml`) when it configures a python3.x runtime.
    func pythonConfig() throws -> HoistConfig? {
        let path = config ?? "hoist.yml"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let file = try HoistConfig.load(path: path).resolved()
        guard case .python = file.runtime else { return nil }
        return file
    }

    /// `hoist build` for Python: the pip layer (cached, gated) and a look at the code folder.
    func buildPython(_ file: HoistConfig) throws {
        guard FileManager.default.fileExists(atPath: file.backendDirectory) else {
            throw ValidationError("the code folder \(file.backendDirectory) does not exist (backend.path)")
        }
        if let layer = try ArtifactPipeline.pythonLayer(file) {
            print("layer: \(layer.sitePackages) (pip, \(layer.reused ? "cached" : "installed"), every .so gated)")
        } else {
            print("layer: none (no requirements in \(file.configFile))")
        }
        print("code: \(file.backendDirectory) (\(file.runtime), handler \(file.handler); nothing to compile)")
    }
}

/// A status line on stderr for a step without swift's progress (pip): its title, then how it went.
final class ProgressLine: Sendable {
    private let title: String
    private let interactive: Bool

    /// Creates a progress line with a title.
    init(title: String) {
        self.title = title
        self.interactive = isatty(STDERR_FILENO) == 1
    }

    /// Shows the title.
    func start() {
        write("hoist: \(title)…" + (interactive ? "" : "\n"))
    }

    /// Ends the progress line, with a word on how it went.
    func finish(success: Bool, detail: String? = nil) {
        let outcome = success ? (detail ?? "done") : "failed"
        write((interactive ? "\r\u{1B}[2K" : "") + "hoist: \(title): \(outcome)\n")
    }

    private func write(_ text: String) { StandardError.write(text) }
}
