#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file found for an artifact, with the stat facts the content cache compares.
public struct InputFile: Sendable, Equatable, Codable {
    /// The path inside the archive.
    public var archivePath: String
    /// The file whose bytes are stored (a symlink's resolved target).
    public var sourcePath: String
    /// 0o644 or 0o755.
    public var mode: UInt16
    /// Size in bytes.
    public var size: UInt64
    /// Modification time in nanoseconds since the epoch.
    public var modificationNanoseconds: Int64
    /// Status-change time in nanoseconds since the epoch.
    public var changeNanoseconds: Int64
    /// Inode number.
    public var inode: UInt64
    /// Device number.
    public var device: UInt64

    /// The archive entry for this file.
    public var entry: ArchiveEntry {
        ArchiveEntry(path: archivePath, executable: mode == 0o755, source: .file(sourcePath))
    }
}

/// Finds the files of an artifact's inputs: walks folders, applies excludes, resolves symlinks.
///
/// Symlinks are stored as their target's content (mode and bytes of the target) when the target is a regular
/// file inside the same input folder; dangling links, links leaving the input and links to folders are refused.
/// Reason: Lambda unpacks zips itself, and a link escaping the input would package files from the build
/// machine (irreproducible, and a leak), while following folder links risks cycles and duplicates.
public struct InputCollector: Sendable {
    /// The exclude rules applied inside folders.
    public let excludes: ExcludeRules

    /// Rules applied inside folders after `excludes`, whose matches are reported (``collectReporting(_:)``).
    public let reported: ExcludeRules

    /// Creates a collector with exclude rules, and rules whose matches are reported.
    public init(excludes: ExcludeRules, reported: ExcludeRules = ExcludeRules(patterns: [])) {
        self.excludes = excludes
        self.reported = reported
    }

    /// The files of all inputs, in walk order (the archive sorts them).
    public func collect(_ inputs: [PackagingConfiguration.Input]) throws(PackagingError) -> [InputFile] {
        try collectReporting(inputs).files
    }

    /// The files of all inputs, and the archive paths `reported` left out (folders with a trailing `/`).
    public func collectReporting(
        _ inputs: [PackagingConfiguration.Input]
    ) throws(PackagingError) -> (files: [InputFile], leftOut: [String]) {
        var leftOut: [String] = []
        var files: [InputFile] = []
        for input in inputs {
            switch input {
            case .file(let source, let destination):
                try DeterministicArchive.validate(path: destination)
                let info = try Self.status(of: source, follow: true)
                guard (info.st_mode & S_IFMT) == S_IFREG else {
                    throw PackagingError(.io, "\(source) is not a regular file")
                }
                files.append(Self.file(archivePath: destination, sourcePath: source, info: info))
            case .folder(let source, let destination):
                let prefix = destination == "." ? "" : destination
                if !prefix.isEmpty { try DeterministicArchive.validate(path: prefix) }
                let info = try Self.status(of: source, follow: true)
                guard (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw PackagingError(.io, "\(source) is not a folder")
                }
                let root = try Self.realPath(source)
                try walk(
                    root: root, directory: root, relative: "", prefix: prefix, into: &files, leftOut: &leftOut)
            }
        }
        return (files, leftOut)
    }

    private func walk(
        root: String, directory: String, relative: String, prefix: String, into files: inout [InputFile],
        leftOut: inout [String]
    ) throws(PackagingError) {
        guard let handle = opendir(directory) else {
            throw PackagingError(
                .io, "cannot read folder \(directory)", underlying: SystemCallError(call: "opendir", errno: errno))
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(handle)
        for name in names {
            let path = directory + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            let archivePath = prefix.isEmpty ? relativePath : prefix + "/" + relativePath
            var info = try Self.status(of: path, follow: false)
            var sourcePath = path
            let kind = info.st_mode & S_IFMT
            let isDirectory = kind == S_IFDIR
            if excludes.excludes(relativePath: relativePath, name: name, isDirectory: isDirectory) { continue }
            if reported.excludes(relativePath: relativePath, name: name, isDirectory: isDirectory) {
                leftOut.append(isDirectory ? archivePath + "/" : archivePath)
                continue
            }
            if isDirectory {
                try walk(
                    root: root, directory: path, relative: relativePath, prefix: prefix, into: &files,
                    leftOut: &leftOut)
                continue
            }
            if kind == S_IFLNK {
                guard let target = try? Self.realPath(path) else {
                    throw PackagingError(.unsupportedSymlink, "symlink \(path) is dangling; refusing to package it")
                }
                guard target.hasPrefix(root + "/") else {
                    throw PackagingError(
                        .unsupportedSymlink,
                        "symlink \(path) points outside \(root) (to \(target)); refusing to package a file from "
                            + "outside the input")
                }
                info = try Self.status(of: target, follow: true)
                guard (info.st_mode & S_IFMT) == S_IFREG else {
                    throw PackagingError(
                        .unsupportedSymlink,
                        "symlink \(path) points at a folder; only links to files are packaged (as the file's content)")
                }
                sourcePath = target
            } else if kind != S_IFREG {
                throw PackagingError(.io, "\(path) is neither a file, a folder nor a symlink")
            }
            try DeterministicArchive.validate(path: archivePath)
            files.append(Self.file(archivePath: archivePath, sourcePath: sourcePath, info: info))
        }
    }

    private static func file(archivePath: String, sourcePath: String, info: stat) -> InputFile {
        InputFile(
            archivePath: archivePath, sourcePath: sourcePath,
            mode: (info.st_mode & 0o111) != 0 ? 0o755 : 0o644, size: UInt64(info.st_size),
            modificationNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            changeNanoseconds: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec),
            inode: UInt64(info.st_ino), device: UInt64(info.st_dev))
    }

    static func status(of path: String, follow: Bool) throws(PackagingError) -> stat {
        var info = stat()
        let result = follow ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else {
            throw PackagingError(
                .io, "cannot stat \(path)", underlying: SystemCallError(call: follow ? "stat" : "lstat", errno: errno))
        }
        return info
    }

    static func realPath(_ path: String) throws(PackagingError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw PackagingError(
                .io, "cannot resolve \(path)", underlying: SystemCallError(call: "realpath", errno: errno))
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
