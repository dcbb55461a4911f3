import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every input of a bootstrap build summarized as one SHA-256, so an unchanged backend skips `swift build`.
///
/// Why: swift's own up-to-date check of the backend (NIO, BoringSSL, the root package by path) takes about a
/// second; a no-op deploy should not. The inputs: the path, size and modification time (ns) of every file of the
/// package and of its local path dependencies, found recursively from each `Package.swift`'s `.package(path:)`
/// (hidden folders like `.build`, `.hoist`, `.git` left out; `Package.resolved` and `.swift-version` included),
/// the toolchain (``ToolchainIdentity``: `swift --version`), and swift's arguments (configuration, product, flags,
/// SDK, scratch path). Metadata, not contents: a stat per file keeps it to milliseconds, and an edit always moves
/// the modification time.
public struct BuildFingerprint: Sendable, Equatable {
    /// The SHA-256 of the inputs, hex.
    public let digest: String
    /// How many files went into it.
    public let fileCount: Int

    /// The fingerprint of a build of the package with these `swift` arguments on this toolchain.
    public static func compute(packagePath: String, arguments: [String], toolchain: String) -> BuildFingerprint {
        var hasher = SHA256()
        func add(_ text: String) { hasher.update(data: Array((text + "\n").utf8)) }
        add("hoist-build-fingerprint 1")
        add("toolchain \(toolchain)")
        add("arguments \(arguments.joined(separator: "\u{1F}"))")
        var count = 0
        for (index, root) in packageRoots(packagePath).enumerated() {
            add("package \(index) \(root)")
            for entry in files(under: root) {
                add("\(entry.path) \(entry.size) \(entry.modified)")
                count += 1
            }
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return BuildFingerprint(digest: digest, fileCount: count)
    }

    /// The package and its local path dependencies, recursively, as real paths, the package first.
    static func packageRoots(_ packagePath: String) -> [String] {
        var roots: [String] = []
        var pending = [realPath(packagePath)]
        while let root = pending.first {
            pending.removeFirst()
            guard !roots.contains(root) else { continue }
            roots.append(root)
            let manifest = (try? String(contentsOfFile: root + "/Package.swift", encoding: .utf8)) ?? ""
            for dependency in localDependencies(manifest: manifest) {
                let path = dependency.hasPrefix("/") ? dependency : root + "/" + dependency
                pending.append(realPath(path))
            }
        }
        return roots
    }

    /// The `path:` of every `.package(…)` in a manifest's text (pure): `.package(name: "hoist", path: "..")` → `..`.
    static func localDependencies(manifest: String) -> [String] {
        var paths: [String] = []
        var rest = manifest[...]
        while let start = rest.range(of: ".package(") {
            rest = rest[start.upperBound...]
            let call = rest.prefix { $0 != ")" }
            if let path = call.range(of: #"path\s*:\s*"[^"]*""#, options: .regularExpression) {
                let literal = call[path].drop { $0 != "\"" }.dropFirst().dropLast()
                paths.append(String(literal))
            }
        }
        return paths
    }

    /// One file's metadata.
    struct Entry {
        var path: String
        var size: Int64
        var modified: Int64
    }

    /// Every regular file under a folder (symbolic links followed), sorted by path, without hidden folders but
    /// with `.swift-version` (which picks the toolchain).
    static func files(under root: String) -> [Entry] {
        var entries: [Entry] = []
        var folders = [""]
        while let relative = folders.popLast() {
            guard let directory = opendir(relative.isEmpty ? root : root + "/" + relative) else { continue }
            defer { closedir(directory) }
            while let item = readdir(directory) {
                let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." || (name.hasPrefix(".") && name != ".swift-version") { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard stat(root + "/" + path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    folders.append(path)
                } else if (info.st_mode & S_IFMT) == S_IFREG {
                    entries.append(
                        Entry(path: path, size: Int64(info.st_size), modified: modificationNanoseconds(info)))
                }
            }
        }
        return entries.sorted { $0.path < $1.path }
    }

    /// A stat's modification time in nanoseconds.
    static func modificationNanoseconds(_ info: stat) -> Int64 {
        #if canImport(Darwin)
            return Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
            return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }

    /// The canonical path (symbolic links and `..` resolved), or the path itself when it does not exist.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
