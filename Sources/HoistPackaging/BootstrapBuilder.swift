import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Compiles a backend's executable product in release mode into a bootstrap that loads on Lambda.
///
/// Fully static by default (`-Xswiftc -static-executable`, symbols stripped with `-Xlinker -s`); with a Swift SDK
/// when one is given, or when building for another architecture and a static Linux SDK is installed.
public struct BootstrapBuilder: Sendable {
    /// What to build.
    public struct Request: Sendable, Equatable {
        /// The SwiftPM package folder.
        public var packagePath: String
        /// The executable product.
        public var product: String
        /// The Lambda architecture to build for.
        public var architecture: RuntimeManifest.Architecture
        /// A Swift SDK name (`swift build --swift-sdk`), if one was asked for.
        public var swiftSDK: String?
        /// Where the bootstrap is copied, usually `.hoist/build/bootstrap`.
        public var outputPath: String
        /// A build folder for swift (`--scratch-path`); nil uses the package's `.build`.
        public var scratchPath: String?
        /// More executable products of the same package, built by the same swift run, each copied to its own
        /// path: a project of several functions compiles its shared code once.
        public var companions: [Companion] = []

        /// Every product with where it goes, `product` first.
        public var outputs: [Companion] { [Companion(product: product, outputPath: outputPath)] + companions }

        /// Creates a request.
        public init(
            packagePath: String, product: String, architecture: RuntimeManifest.Architecture, swiftSDK: String? = nil,
            outputPath: String = ".hoist/build/bootstrap", scratchPath: String? = nil
        ) {
            self.packagePath = packagePath
            self.product = product
            self.architecture = architecture
            self.swiftSDK = swiftSDK
            self.outputPath = outputPath
            self.scratchPath = scratchPath
        }
    }

    /// One more product of a request and its output path.
    public struct Companion: Sendable, Equatable {
        /// The executable product.
        public var product: String
        /// Where its bootstrap is copied.
        public var outputPath: String

        /// Creates one.
        public init(product: String, outputPath: String) {
            self.product = product
            self.outputPath = outputPath
        }
    }

    /// The `swift` executable to run.
    public let swiftExecutable: String

    /// Creates a builder that runs `swift` from the PATH, or the given executable.
    public init(swiftExecutable: String = "swift") {
        self.swiftExecutable = swiftExecutable
    }

    /// The architecture of this machine.
    public static var hostArchitecture: RuntimeManifest.Architecture {
        #if arch(arm64)
            return .arm64
        #else
            return .x86_64
        #endif
    }

    /// The `swift build` arguments for a request, given the host and the installed Swift SDKs (pure).
    public static func buildArguments(
        for request: Request, host: RuntimeManifest.Architecture, installedSDKs: [String]
    ) throws(PackagingError) -> [String] {
        // `--product` takes one product; several are one build of the package's products (its tests excluded).
        var arguments = ["build", "-c", "release", "--package-path", request.packagePath]
        if request.companions.isEmpty { arguments += ["--product", request.product] }
        if let scratchPath = request.scratchPath {
            arguments += ["--scratch-path", scratchPath]
        }
        let muslTriple = (request.architecture == .x86_64 ? "x86_64" : "aarch64") + "-swift-linux-musl"
        if let sdk = request.swiftSDK {
            arguments += ["--swift-sdk", sdk]
        } else if request.architecture == host {
            arguments += ["-Xswiftc", "-static-executable"]
        } else if installedSDKs.contains(where: { $0.contains("static-linux") || $0.contains(muslTriple) }) {
            arguments += ["--swift-sdk", muslTriple]
        } else {
            throw PackagingError(
                .unsupportedBuild,
                "cannot build for \(request.architecture.rawValue) on this \(host.rawValue) machine without a Swift SDK: "
                    + "install the static Linux SDK (`swift sdk install …`) and pass `--swift-sdk \(muslTriple)`, "
                    + "or build on an \(request.architecture.rawValue) machine")
        }
        return arguments + ["-Xlinker", "-s"]
    }

    /// The `swift build` arguments for a request on this machine (lists installed SDKs only when cross-building).
    public func arguments(for request: Request) throws(PackagingError) -> [String] {
        let needsSDKList = request.swiftSDK == nil && request.architecture != Self.hostArchitecture
        return try Self.buildArguments(
            for: request, host: Self.hostArchitecture, installedSDKs: needsSDKList ? installedSDKs() : [])
    }

    /// The names `swift sdk list` prints, or none when the command fails.
    public func installedSDKs() -> [String] {
        guard let output = try? run(["sdk", "list"], onLine: { _ in }).output else { return [] }
        return output.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.lowercased().hasPrefix("no swift sdk") }
    }

    /// True for the lines of `swift build` that only report progress (shown as one updating line).
    public static func isProgressLine(_ line: String) -> Bool {
        SwiftBuildStep(line: line) != nil
    }

    /// The fingerprint of everything the request's build depends on, as it is now; nil when the toolchain cannot
    /// be identified (then every build runs swift).
    public func fingerprint(for request: Request) throws(PackagingError) -> BuildFingerprint? {
        let arguments = try arguments(for: request)
        let folder = (request.outputPath as NSString).deletingLastPathComponent
        let identity = ToolchainIdentity(
            swiftExecutable: swiftExecutable, cachePath: (folder.isEmpty ? "." : folder) + "/toolchain.json")
        guard let toolchain = identity.version() else { return nil }
        return BuildFingerprint.compute(
            packagePath: request.packagePath,
            arguments: arguments + ["--hoist-output", request.outputPath]
                + request.companions.flatMap { ["--hoist-output", $0.product, $0.outputPath] },
            toolchain: toolchain)
    }

    /// The last build's bootstrap when none of its inputs changed since (``BuildFingerprint``), without running
    /// swift; nil when it must be built.
    public func reusableBootstrap(_ request: Request) -> ELFFile? {
        guard let now = try? fingerprint(for: request) else { return nil }
        for output in request.outputs {
            guard let stored = BuildRecord.stored(bootstrap: output.outputPath),
                BuildRecord.current(bootstrap: output.outputPath, inputs: now.digest) == stored
            else { return nil }
        }
        guard let bytes = try? FileIO.readAll(request.outputPath) else { return nil }
        return try? ELFFile(bytes: bytes)
    }

    /// Builds the product and copies it to the request's output path with mode 0755; returns its ELF facts.
    ///
    /// `progress` receives swift's progress lines; `output` receives every other line (compiler diagnostics)
    /// unchanged. Records the inputs' fingerprint beside the bootstrap when they did not change during the build,
    /// for ``reusableBootstrap(_:)``.
    public func build(
        _ request: Request, progress: (String) -> Void, output: (String) -> Void
    ) throws(PackagingError) -> ELFFile {
        let arguments = try arguments(for: request)
        for output in request.outputs { BuildRecord.remove(bootstrap: output.outputPath) }
        let before = try fingerprint(for: request)
        let result = try run(arguments) { line in
            if Self.isProgressLine(line) { progress(line) } else { output(line) }
        }
        guard result.status == 0 else {
            throw PackagingError(
                .buildFailed, "swift build failed (exit status \(result.status)); its output is shown above")
        }
        let elf = try copyBuiltProducts(request, arguments: arguments)
        // Only inputs that stayed put while swift ran describe what it built (Package.resolved written by the
        // first resolution, or an edit mid-build, leave no record: the next build runs swift again).
        if let before, let after = try fingerprint(for: request), after == before {
            for output in request.outputs {
                BuildRecord.current(bootstrap: output.outputPath, inputs: before.digest)?.store(
                    bootstrap: output.outputPath)
            }
        }
        return elf
    }

    /// Copies each built product to its output path with mode 0755; returns the first one's ELF facts.
    func copyBuiltProducts(_ request: Request, arguments: [String]) throws(PackagingError) -> ELFFile {
        let binPath = try run(arguments + ["--show-bin-path"], onLine: { _ in })
        guard binPath.status == 0, let folder = binPath.output.split(separator: "\n").last else {
            throw PackagingError(.buildFailed, "swift build --show-bin-path failed: \(binPath.output)")
        }
        var first: ELFFile?
        for output in request.outputs {
            let bytes = try FileIO.readAll(String(folder) + "/" + output.product)
            let outputFolder = (output.outputPath as NSString).deletingLastPathComponent
            if !outputFolder.isEmpty { try FileIO.makeDirectories(outputFolder) }
            try FileIO.writeAll(bytes, to: output.outputPath)
            guard chmod(output.outputPath, 0o755) == 0 else {
                throw PackagingError(
                    .io, "cannot make \(output.outputPath) executable",
                    underlying: SystemCallError(call: "chmod", errno: errno))
            }
            if first == nil { first = try ELFFile(bytes: bytes) }
        }
        // `outputs` always holds the request's own product.
        return first!
    }

    /// What a `swift` run ended with.
    public struct RunResult: Sendable {
        /// The exit status.
        public let status: Int32
        /// Standard output and error, merged.
        public let output: String
    }

    /// Runs swift with the arguments, merging stdout and stderr, handing each line over as it arrives.
    public func run(_ arguments: [String], onLine: (String) -> Void) throws(PackagingError) -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [swiftExecutable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            throw PackagingError(.buildFailed, "cannot start \(swiftExecutable)", underlying: error)
        }
        let handle = pipe.fileHandleForReading
        var pending: [UInt8] = []
        var all: [UInt8] = []
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            all += chunk
            pending += chunk
            while let newline = pending.firstIndex(of: 0x0A) {
                onLine(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { onLine(String(decoding: pending, as: UTF8.self)) }
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, output: String(decoding: all, as: UTF8.self))
    }
}
