/// One file to put in a zip: its path inside the archive, its mode and where its bytes come from.
public struct ArchiveEntry: Sendable, Equatable {
    /// Where an entry's bytes come from.
    public enum Source: Sendable, Equatable {
        /// The contents of a file on disk (a symlink inside the input is resolved to its target first).
        case file(String)
        /// Bytes held in memory.
        case bytes([UInt8])
    }

    /// The path inside the archive, `/`-separated and relative, e.g. `python/jwt/__init__.py`.
    public let path: String
    /// The Unix permission bits stored for the entry: always 0o644 or 0o755.
    public let mode: UInt16
    /// Where the bytes come from.
    public let source: Source

    /// Creates an entry; `executable` picks mode 0o755, otherwise 0o644.
    public init(path: String, executable: Bool, source: Source) {
        self.path = path
        self.mode = executable ? 0o755 : 0o644
        self.source = source
    }

    /// The zip external attributes of a regular file with this mode: `(S_IFREG | mode) << 16`.
    public var externalAttributes: UInt32 {
        (UInt32(0o100000) | UInt32(mode)) << 16
    }
}

/// The pure rules that make an archive reproducible: path checks, ordering and timestamps.
public enum DeterministicArchive {
    /// The DOS epoch used when SOURCE_DATE_EPOCH is not set: 1980-01-01 00:00:00 UTC.
    public static let defaultModificationTime: Int = 315_532_800

    /// The modification time for every entry: SOURCE_DATE_EPOCH when set and valid, else 1980-01-01.
    ///
    /// DOS time cannot hold dates before 1980 or after 2107, so values outside that range are clamped.
    public static func modificationTime(environment: [String: String]) -> Int {
        guard let text = environment["SOURCE_DATE_EPOCH"], let value = Int(text) else {
            return defaultModificationTime
        }
        return min(max(value, defaultModificationTime), 4_354_819_198)
    }

    /// Checks a path inside an archive: relative, `/`-separated, no empty, `.` or `..` component, no NUL.
    public static func validate(path: String) throws(PackagingError) {
        guard !path.isEmpty else {
            throw PackagingError(.unsafeArchivePath, "empty path inside the archive")
        }
        guard !path.hasPrefix("/") else {
            throw PackagingError(.unsafeArchivePath, "absolute path '\(path)' inside the archive")
        }
        // One pass over the bytes: component lengths and dot counts, no allocation.
        var componentLength = 0
        var componentDots = 0
        for byte in path.utf8 {
            switch byte {
            case 0x5C, 0x00:
                throw PackagingError(.unsafeArchivePath, "path '\(path)' contains a backslash or NUL byte")
            case 0x2F:
                try checkComponent(length: componentLength, dots: componentDots, path: path)
                componentLength = 0
                componentDots = 0
            case 0x2E:
                componentLength += 1
                componentDots += 1
            default:
                componentLength += 1
            }
        }
        try checkComponent(length: componentLength, dots: componentDots, path: path)
    }

    private static func checkComponent(length: Int, dots: Int, path: String) throws(PackagingError) {
        if length == 2 && dots == 2 {
            throw PackagingError(.unsafeArchivePath, "path '\(path)' escapes the archive with '..'")
        }
        if length == 0 || (length == 1 && dots == 1) {
            throw PackagingError(.unsafeArchivePath, "path '\(path)' has an empty or '.' component")
        }
    }

    /// Validates every entry and returns them sorted by the bytes of their path; duplicates are refused.
    public static func ordered(_ entries: [ArchiveEntry]) throws(PackagingError) -> [ArchiveEntry] {
        for entry in entries {
            try validate(path: entry.path)
        }
        let sorted = entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for index in sorted.indices.dropFirst() where sorted[index].path == sorted[index - 1].path {
            throw PackagingError(.unsafeArchivePath, "path '\(sorted[index].path)' appears twice in the archive")
        }
        return sorted
    }
}
