/// What a Lambda runtime's Amazon Linux provides to a bootstrap: its glibc version and the libraries present.
public struct RuntimeManifest: Sendable, Equatable {
    /// The runtime identifier, e.g. `provided.al2023`.
    public let name: String
    /// The glibc version of the runtime, e.g. 2.34.
    public let glibcVersion: SymbolVersion
    /// The sonames counted as present on every machine of the runtime, per architecture.
    ///
    /// Only glibc's own libraries count (libc, libm, libdl, libpthread, librt and the loader): the published
    /// images and the live environment differ in what else they hold (aws-lambda-base-images #112), and
    /// libstdc++'s GLIBCXX level moves with Amazon Linux updates. Anything else is bundled in a layer or refused.
    public let presentLibraries: [Architecture: Set<String>]

    /// The Lambda architectures.
    public enum Architecture: String, Sendable, Equatable, Hashable, CaseIterable {
        /// x86_64 (ELF machine EM_X86_64).
        case x86_64
        /// arm64 (ELF machine EM_AARCH64).
        case arm64

        /// The ELF machine a bootstrap for this architecture must have.
        public var machine: ELFFile.Machine {
            switch self {
            case .x86_64: return .x86_64
            case .arm64: return .aarch64
            }
        }

        /// The path of glibc's dynamic loader on this architecture.
        public var loaderPath: String {
            switch self {
            case .x86_64: return "/lib64/ld-linux-x86-64.so.2"
            case .arm64: return "/lib/ld-linux-aarch64.so.1"
            }
        }

        /// Parses `x86_64`/`amd64` or `arm64`/`aarch64`.
        public init?(name: String) {
            switch name.lowercased() {
            case "x86_64", "amd64": self = .x86_64
            case "arm64", "aarch64": self = .arm64
            default: return nil
            }
        }
    }

    /// Creates a manifest.
    public init(name: String, glibcVersion: SymbolVersion, presentLibraries: [Architecture: Set<String>]) {
        self.name = name
        self.glibcVersion = glibcVersion
        self.presentLibraries = presentLibraries
    }

    /// glibc's own sonames for an architecture, its loader included.
    public static func glibcLibraries(for architecture: Architecture) -> Set<String> {
        let loader = architecture == .x86_64 ? "ld-linux-x86-64.so.2" : "ld-linux-aarch64.so.1"
        return ["libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", loader]
    }

    private static let glibcOnly: [Architecture: Set<String>] = Dictionary(
        uniqueKeysWithValues: Architecture.allCases.map { ($0, glibcLibraries(for: $0)) })

    /// provided.al2023: Amazon Linux 2023 minimal, glibc 2.34.
    public static let providedAL2023 = RuntimeManifest(
        name: "provided.al2023", glibcVersion: SymbolVersion(2, 34), presentLibraries: glibcOnly)

    /// provided.al2: Amazon Linux 2, glibc 2.26.
    public static let providedAL2 = RuntimeManifest(
        name: "provided.al2", glibcVersion: SymbolVersion(2, 26), presentLibraries: glibcOnly)

    /// `python3.<minor>`: 3.9–3.11 run on Amazon Linux 2 (glibc 2.26), 3.12 and later on AL2023 (glibc 2.34).
    ///
    /// The libraries counted as present are glibc's own, as for `provided.*`; what else a wheel's extension
    /// module needs is checked by `PythonLayerGate`, which knows what the Python runtimes ship besides.
    public static func python(minor: Int) -> RuntimeManifest {
        RuntimeManifest(
            name: "python3.\(minor)", glibcVersion: minor >= 12 ? SymbolVersion(2, 34) : SymbolVersion(2, 26),
            presentLibraries: glibcOnly)
    }

    /// The Python minor versions Lambda offers and hoist knows (`python3.9` … `python3.13`).
    public static let pythonMinors: ClosedRange<Int> = 9...13

    /// The runtimes hoist knows.
    public static let all: [RuntimeManifest] = [providedAL2023, providedAL2] + pythonMinors.map(python(minor:))

    /// The manifest for a runtime identifier.
    public static func named(_ name: String) throws(PackagingError) -> RuntimeManifest {
        guard let manifest = all.first(where: { $0.name == name }) else {
            let known = all.map(\.name).joined(separator: ", ")
            throw PackagingError(.unknownRuntime, "unknown runtime '\(name)'; hoist knows \(known)")
        }
        return manifest
    }
}

/// A dotted version such as 2.34 or 3.4.30, compared component by component.
public struct SymbolVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numeric components, most significant first.
    public let components: [Int]

    /// Creates a version from its components.
    public init(_ components: Int...) {
        self.components = components
    }

    /// Parses `2.34` or `3.4.30`; nil when any component is not a number.
    public init?(parsing text: Substring) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var numbers: [Int] = []
        for part in parts {
            guard let number = Int(part), number >= 0 else { return nil }
            numbers.append(number)
        }
        guard !numbers.isEmpty else { return nil }
        components = numbers
    }

    /// Parses the version of a symbol version name with the given prefix, e.g. `GLIBC_2.34` with `GLIBC_`.
    public static func fromName(_ name: String, prefix: String) -> SymbolVersion? {
        guard name.hasPrefix(prefix) else { return nil }
        return SymbolVersion(parsing: name.dropFirst(prefix.count))
    }

    /// Compares component by component, a missing component counting as 0.
    public static func < (lhs: SymbolVersion, rhs: SymbolVersion) -> Bool {
        let count = max(lhs.components.count, rhs.components.count)
        for index in 0..<count {
            let left = index < lhs.components.count ? lhs.components[index] : 0
            let right = index < rhs.components.count ? rhs.components[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    /// The dotted form, e.g. `2.34`.
    public var description: String {
        components.map(String.init).joined(separator: ".")
    }
}
