import Foundation

/// Checks every shared object (`*.so`) of a pip-built layer with the bootstrap's compatibility gate, and names
/// the wheel each offending file came from.
public struct PythonLayerGate: Sendable {
    /// Libraries a Python runtime provides besides glibc's own: those manylinux2014 lets a wheel use unbundled
    /// (libgcc_s, libstdc++, zlib…). They count as present with any version, like a layer's bundled libraries.
    public static let runtimeLibraries: Set<String> = [
        "libgcc_s.so.1", "libstdc++.so.6", "libz.so.1", "libutil.so.1", "libnsl.so.1", "libresolv.so.2",
        "libcrypt.so.1",
    ]

    /// One shared object that would not load, with the wheel it came from.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        /// The file's path inside the layer's `python/` folder.
        public let path: String
        /// The wheel that installed it, when its RECORD lists it.
        public let wheel: InstalledWheel?
        /// Why it would not load.
        public let problems: [CompatibilityGate.Problem]

        /// `wheel: path: problem; problem`.
        public var description: String {
            let owner = wheel.map { "wheel \($0.fileName) (\($0.name) \($0.version))" } ?? "no wheel's RECORD lists it"
            return "\(owner): \(path): " + problems.map(\.description).joined(separator: "; ")
        }
    }

    /// The runtime checked against.
    public let runtime: RuntimeManifest
    /// The function's architecture.
    public let architecture: RuntimeManifest.Architecture

    /// Creates a gate for a Python runtime and architecture.
    public init(runtime: RuntimeManifest, architecture: RuntimeManifest.Architecture) {
        self.runtime = runtime
        self.architecture = architecture
    }

    /// Whether an archive path names a shared object (`x.so`, `libfoo.so.1.2`).
    public static func isSharedObject(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".so") || name.contains(".so.")
    }

    /// The findings for ELF files given by their path in the layer, with the wheels installed there (pure).
    ///
    /// Every shared object name in `sharedObjects` counts as bundled (auditwheel puts a wheel's own libraries
    /// in `<package>.libs/`), as do `runtimeLibraries`.
    public func findings(sharedObjects: [(path: String, elf: ELFFile)], wheels: [InstalledWheel]) -> [Finding] {
        var bundled = Self.runtimeLibraries
        for object in sharedObjects {
            bundled.insert(object.path.split(separator: "/").last.map(String.init) ?? object.path)
        }
        let gate = CompatibilityGate(runtime: runtime, architecture: architecture, bundledLibraries: bundled)
        var owners: [String: InstalledWheel] = [:]
        for wheel in wheels {
            for file in wheel.files { owners[file] = wheel }
        }
        return sharedObjects.compactMap { object in
            let problems = gate.problems(for: object.elf).filter {
                if case .unexpectedInterpreter = $0 { return false }
                return true
            }
            return problems.isEmpty ? nil : Finding(path: object.path, wheel: owners[object.path], problems: problems)
        }
    }

    /// Reads the layer's `python/` folder and throws `incompatibleWheel` naming each offending wheel.
    public func enforce(sitePackages: String) throws(PackagingError) {
        let files = try InputCollector(excludes: ExcludeRules(patterns: [])).collect([
            .folder(source: sitePackages, destination: "")
        ])
        var objects: [(path: String, elf: ELFFile)] = []
        for file in files where Self.isSharedObject(file.archivePath) {
            let bytes = try FileIO.readAll(file.sourcePath)
            do {
                objects.append((file.archivePath, try ELFFile(bytes: bytes)))
            } catch {
                // A file named like a library that is not ELF (a linker script, a stub) cannot be loaded anyway.
                if error.code == .notELF { continue }
                throw PackagingError(
                    .incompatibleWheel, "\(file.archivePath) in the layer is not a readable ELF file", underlying: error
                )
            }
        }
        guard !objects.isEmpty else { return }
        var wheels: [InstalledWheel] = []
        let distInfos = Set(
            files.compactMap { file -> String? in
                let first = file.archivePath.split(separator: "/").first.map(String.init) ?? ""
                return first.hasSuffix(".dist-info") ? first : nil
            })
        for folder in distInfos.sorted() {
            let wheel = (try? FileIO.readAll("\(sitePackages)/\(folder)/WHEEL")) ?? []
            let record = (try? FileIO.readAll("\(sitePackages)/\(folder)/RECORD")) ?? []
            if let installed = InstalledWheel(
                distInfoFolder: folder, wheel: String(decoding: wheel, as: UTF8.self),
                record: String(decoding: record, as: UTF8.self))
            {
                wheels.append(installed)
            }
        }
        let findings = findings(sharedObjects: objects, wheels: wheels).sorted { $0.path < $1.path }
        guard !findings.isEmpty else { return }
        var lines = [
            "the dependency layer would not load on \(runtime.name) (\(architecture.rawValue), glibc "
                + "\(runtime.glibcVersion)):"
        ]
        lines += findings.map { "  - \($0)" }
        let names = Set(findings.compactMap { $0.wheel?.name }).sorted()
        lines.append(
            "fix: pin "
                + (names.isEmpty ? "versions" : "a version of \(names.joined(separator: ", "))")
                + " whose manylinux wheels need glibc \(runtime.glibcVersion) at most, or choose a runtime with a "
                + "newer glibc (python3.12 and later run on Amazon Linux 2023, glibc 2.34)")
        throw PackagingError(.incompatibleWheel, lines.joined(separator: "\n"))
    }
}
