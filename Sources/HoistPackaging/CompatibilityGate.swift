/// Decides whether a bootstrap loads on a Lambda runtime, from its ELF facts alone.
public struct CompatibilityGate: Sendable {
    /// One reason a bootstrap would not load.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// The bootstrap is not a 64-bit ELF file.
        case wrongClass(ELFFile.FileClass)
        /// The bootstrap is built for another machine than the configured architecture.
        case wrongMachine(found: ELFFile.Machine, expected: RuntimeManifest.Architecture)
        /// The bootstrap asks for a dynamic loader the runtime does not have.
        case unexpectedInterpreter(found: String, expected: String)
        /// A needed library is not present on the runtime and not bundled.
        case missingLibrary(String)
        /// A library needs a glibc symbol version newer than the runtime's glibc.
        case symbolVersionTooNew(library: String, version: String, available: SymbolVersion)
        /// A glibc library is asked for a version name that no release of glibc exports (e.g. GLIBC_PRIVATE).
        case unsupportedSymbolVersion(library: String, version: String)

        /// One line naming the offending library or symbol version.
        public var description: String {
            switch self {
            case .wrongClass(let found):
                return "bootstrap is \(found), Lambda needs a 64-bit ELF executable"
            case .wrongMachine(let found, let expected):
                return "bootstrap is built for \(found), the function is configured for \(expected.rawValue)"
            case .unexpectedInterpreter(let found, let expected):
                return "bootstrap asks for the loader \(found); the runtime has \(expected)"
            case .missingLibrary(let library):
                return "needs \(library), which the runtime does not provide and no layer bundles"
            case .symbolVersionTooNew(let library, let version, let available):
                return "\(library) must provide \(version); the runtime's glibc is \(available)"
            case .unsupportedSymbolVersion(let library, let version):
                return "\(library) must provide \(version), which is not a public glibc version"
            }
        }
    }

    /// The runtime checked against.
    public let runtime: RuntimeManifest
    /// The architecture the function is configured with.
    public let architecture: RuntimeManifest.Architecture
    /// Sonames bundled with the function (e.g. a layer's `lib/`), counted as present with any version.
    public let bundledLibraries: Set<String>

    /// Creates a gate for a runtime, an architecture and the libraries bundled in layers.
    public init(
        runtime: RuntimeManifest, architecture: RuntimeManifest.Architecture, bundledLibraries: Set<String> = []
    ) {
        self.runtime = runtime
        self.architecture = architecture
        self.bundledLibraries = bundledLibraries
    }

    /// Every reason the ELF file would not load; empty when it would.
    public func problems(for elf: ELFFile) -> [Problem] {
        var problems: [Problem] = []
        if elf.fileClass != .elf64 {
            problems.append(.wrongClass(elf.fileClass))
        }
        if elf.machine != architecture.machine {
            problems.append(.wrongMachine(found: elf.machine, expected: architecture))
        }
        if let interpreter = elf.interpreter, interpreter != architecture.loaderPath {
            problems.append(.unexpectedInterpreter(found: interpreter, expected: architecture.loaderPath))
        }
        let glibc = runtime.presentLibraries[architecture] ?? []
        for library in elf.neededLibraries where !glibc.contains(library) && !bundledLibraries.contains(library) {
            problems.append(.missingLibrary(library))
        }
        for need in elf.versionNeeds where glibc.contains(need.library) {
            for version in need.versions {
                if let number = SymbolVersion.fromName(version, prefix: "GLIBC_") {
                    if runtime.glibcVersion < number {
                        problems.append(
                            .symbolVersionTooNew(
                                library: need.library, version: version, available: runtime.glibcVersion))
                    }
                } else {
                    problems.append(.unsupportedSymbolVersion(library: need.library, version: version))
                }
            }
        }
        for need in elf.versionNeeds
        where !glibc.contains(need.library) && !bundledLibraries.contains(need.library)
            && !elf.neededLibraries.contains(need.library)
        {
            problems.append(.missingLibrary(need.library))
        }
        return problems
    }

    /// Throws `incompatibleBootstrap` naming every problem and the fix, unless the ELF file would load.
    public func enforce(_ elf: ELFFile, path: String = "bootstrap") throws(PackagingError) {
        let problems = problems(for: elf)
        guard !problems.isEmpty else { return }
        var lines = ["\(path) would not load on \(runtime.name) (\(architecture.rawValue)):"]
        lines += problems.map { "  - \($0)" }
        lines.append(
            "fix: build it fully static (`hoist build`, the default: -Xswiftc -static-executable) or with a Swift SDK "
                + "(`hoist build --swift-sdk NAME`, e.g. the static Linux musl SDK)"
                + (problems.contains { if case .missingLibrary = $0 { true } else { false } }
                    ? ", or bundle the missing libraries in a layer under lib/" : ""))
        throw PackagingError(.incompatibleBootstrap, lines.joined(separator: "\n"))
    }
}
