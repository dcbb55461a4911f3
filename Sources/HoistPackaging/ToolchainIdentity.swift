import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which Swift toolchain a build uses: `swift --version`'s output, remembered per swift executable.
///
/// Why a cache: spawning `swift --version` costs tens of milliseconds, on every no-op deploy. The answer is kept
/// in a small file keyed by the executable's real path, size and modification time, and by the variables that
/// select a toolchain (``selectorVariables``), so installing another toolchain at that path, or switching, asks
/// swift again.
public struct ToolchainIdentity: Sendable {
    /// The `swift` to identify: a path, or a name looked up on PATH.
    public let swiftExecutable: String
    /// Where the answer is cached (JSON).
    public let cachePath: String

    /// Creates an identity for a swift executable, cached at the path.
    public init(swiftExecutable: String, cachePath: String) {
        self.swiftExecutable = swiftExecutable
        self.cachePath = cachePath
    }

    /// The variables that can pick another toolchain for the same executable.
    static let selectorVariables = ["TOOLCHAINS", "SWIFTLY_TOOLCHAIN", "SWIFT_TOOLCHAIN", "DEVELOPER_DIR"]

    /// `swift --version` (from the cache when the executable is unchanged); nil when swift cannot be found or run.
    public func version() -> String? {
        guard let executable = Self.locate(swiftExecutable) else { return nil }
        var info = stat()
        guard stat(executable, &info) == 0 else { return nil }
        let environment = ProcessInfo.processInfo.environment
        let selectors = Self.selectorVariables.map { "\($0)=\(environment[$0] ?? "")" }.joined(separator: ";")
        let key =
            "\(BuildFingerprint.realPath(executable)) \(info.st_size) "
            + "\(BuildFingerprint.modificationNanoseconds(info)) \(selectors)"
        if let data = FileManager.default.contents(atPath: cachePath),
            let cached = try? JSONDecoder().decode([String: String].self, from: data),
            cached["key"] == key, let version = cached["version"]
        {
            return version
        }
        guard let version = Self.ask(executable) else { return nil }
        let record = ["key": key, "version": version]
        if let data = try? JSONEncoder().encode(record) {
            try? FileIO.makeDirectories((cachePath as NSString).deletingLastPathComponent)
            try? data.write(to: URL(fileURLWithPath: cachePath), options: .atomic)
        }
        return version
    }

    /// The executable's path: as given when it has a slash, else the first match on PATH.
    static func locate(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where access("\(folder)/\(name)", X_OK) == 0 {
            return "\(folder)/\(name)"
        }
        return nil
    }

    /// Runs `swift --version`; its output, or nil when it fails.
    static func ask(_ executable: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
