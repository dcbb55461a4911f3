import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Installs a Python function's requirements for Lambda with pip into a `python/` folder, cached by their hash.
///
/// pip runs as `python3 -m pip install --platform manylinux2014_<arch> --implementation cp --python-version 3.<minor>
/// --only-binary=:all: --target <work>/<key>/python …`, so only wheels built for Lambda's platform are taken,
/// whatever this machine is. The folder is then checked with `PythonLayerGate`. pip's own configuration and
/// environment (`PIP_INDEX_URL`, `PIP_FIND_LINKS`, `PIP_NO_INDEX`, `pip.conf`…) apply; the `PIP_*` variables are
/// part of the cache key.
public struct PythonLayerBuilder: Sendable {
    /// What to install.
    public struct Request: Sendable, Equatable {
        /// A requirements file (absolute, or relative to the current directory), if the requirements are one.
        public var requirementsFile: String?
        /// Requirement specifiers, if the requirements are a list.
        public var requirements: [String]
        /// The runtime's Python minor version (11 for python3.11).
        public var pythonMinor: Int
        /// The function's architecture.
        public var architecture: RuntimeManifest.Architecture
        /// The folder holding the cached installs, usually `.hoist/python`.
        public var workDirectory: String

        /// Creates a request.
        public init(
            requirementsFile: String? = nil, requirements: [String] = [], pythonMinor: Int,
            architecture: RuntimeManifest.Architecture, workDirectory: String
        ) {
            self.requirementsFile = requirementsFile
            self.requirements = requirements
            self.pythonMinor = pythonMinor
            self.architecture = architecture
            self.workDirectory = workDirectory
        }

        /// The runtime's compatibility facts.
        public var runtime: RuntimeManifest { .python(minor: pythonMinor) }
    }

    /// What one `build` produced.
    public struct Result: Sendable, Equatable {
        /// The `python/` folder: the layer's content, and the `PYTHONPATH` entry for running locally.
        public let sitePackages: String
        /// The cache key (SHA-256 of format, runtime, architecture, requirements and `PIP_*` settings).
        public let key: String
        /// True when the folder came from the cache and pip did not run.
        public let reused: Bool
    }

    /// The format of the cached folder; part of the key.
    static let cacheFormat = "hoist-pip-1"
    /// The marker written once a folder is complete and gated.
    static let completeMarker = ".hoist-complete"

    /// The Python interpreter pip runs under (`python3` from `PATH` by default).
    public let pythonExecutable: String
    /// The environment pip gets and whose `PIP_*` variables key the cache.
    public let environment: [String: String]

    /// Creates a builder.
    public init(
        pythonExecutable: String = "python3", environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.pythonExecutable = pythonExecutable
        self.environment = environment
    }

    /// pip's platform tag for an architecture.
    public static func platformTag(for architecture: RuntimeManifest.Architecture) -> String {
        architecture == .x86_64 ? "manylinux2014_x86_64" : "manylinux2014_aarch64"
    }

    /// The arguments after `python3` (pure).
    public static func pipArguments(for request: Request, target: String) -> [String] {
        var arguments = [
            "-m", "pip", "install", "--platform", platformTag(for: request.architecture), "--implementation", "cp",
            "--python-version", "3.\(request.pythonMinor)", "--only-binary=:all:", "--target", target,
            "--no-compile", "--no-warn-conflicts", "--disable-pip-version-check", "--no-input",
        ]
        if let file = request.requirementsFile { arguments += ["-r", file] }
        arguments += request.requirements
        return arguments
    }

    /// The cache key for a request, given the requirements file's bytes and the environment (pure).
    public static func cacheKey(
        for request: Request, requirementsFileBytes: [UInt8]?, environment: [String: String]
    ) -> String {
        var hasher = SHA256()
        func add(_ text: String) { hasher.update(data: Array(text.utf8) + [0]) }
        add(cacheFormat)
        add("python3.\(request.pythonMinor)")
        add(request.architecture.rawValue)
        if let bytes = requirementsFileBytes {
            add("file")
            hasher.update(data: bytes)
            add("")
        }
        for requirement in request.requirements { add(requirement) }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("PIP_") {
            add("\(name)=\(value)")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Installs (or reuses) the requirements and gates the result.
    ///
    /// - Throws: `pipFailed` with the failing package named, `incompatibleWheel` naming the wheel whose shared
    ///   object needs a newer glibc than the runtime's, `io` for file problems.
    public func build(_ request: Request) throws(PackagingError) -> Result {
        var fileBytes: [UInt8]?
        if let file = request.requirementsFile {
            guard access(file, R_OK) == 0 else {
                throw PackagingError(
                    .pipFailed, "cannot read the requirements file \(file)",
                    underlying: SystemCallError(call: "access", errno: errno))
            }
            fileBytes = try FileIO.readAll(file)
        }
        let key = Self.cacheKey(for: request, requirementsFileBytes: fileBytes, environment: environment)
        let folder = "\(request.workDirectory)/\(key)"
        let sitePackages = "\(folder)/python"
        if access("\(folder)/\(Self.completeMarker)", F_OK) == 0 {
            return Result(sitePackages: sitePackages, key: key, reused: true)
        }
        try Self.removeTree(folder)
        try FileIO.makeDirectories(sitePackages)
        let run = try Subprocess(
            executable: pythonExecutable, arguments: Self.pipArguments(for: request, target: sitePackages),
            environment: environment
        ).run(scratchDirectory: folder)
        guard run.status == 0 else {
            let failure = PipFailure.parse(standardError: run.standardError)
            try? Self.removeTree(folder)
            throw PackagingError(.pipFailed, "\(failure)\n(pip exit status \(run.status))")
        }
        do {
            try PythonLayerGate(runtime: request.runtime, architecture: request.architecture).enforce(
                sitePackages: sitePackages)
        } catch {
            try? Self.removeTree(folder)
            throw error
        }
        try FileIO.writeAll(Array("\(key)\n".utf8), to: "\(folder)/\(Self.completeMarker)")
        try removeOtherInstalls(in: request.workDirectory, keeping: key)
        return Result(sitePackages: sitePackages, key: key, reused: false)
    }

    /// Keeps only the newest install: the cache holds one layer per project, not one per past requirements.
    private func removeOtherInstalls(in directory: String, keeping key: String) throws(PackagingError) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name != key && name.count == 64 && name.allSatisfy(\.isHexDigit) {
            try Self.removeTree("\(directory)/\(name)")
        }
    }

    /// Removes a folder and everything in it; succeeds when it does not exist.
    static func removeTree(_ path: String) throws(PackagingError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw PackagingError(.io, "cannot remove \(path)", underlying: error)
        }
    }
}
