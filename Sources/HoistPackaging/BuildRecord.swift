import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a successful build leaves beside the bootstrap (`bootstrap.inputs.json`): the fingerprint of its inputs
/// and the size and modification time of the bootstrap it wrote.
///
/// Why the bootstrap's own stat: a bootstrap replaced or touched by hand since is not the one the inputs made.
struct BuildRecord: Codable, Equatable {
    /// ``BuildFingerprint/digest`` of the inputs the bootstrap was built from.
    var inputs: String
    /// The bootstrap's size in bytes.
    var bootstrapSize: Int64
    /// The bootstrap's modification time, ns.
    var bootstrapModified: Int64

    /// The record's path for a bootstrap path.
    static func path(for bootstrap: String) -> String {
        bootstrap + ".inputs.json"
    }

    /// The record for a bootstrap as it is now on disk with these inputs; nil when it does not exist.
    static func current(bootstrap: String, inputs: String) -> BuildRecord? {
        var info = stat()
        guard stat(bootstrap, &info) == 0 else { return nil }
        return BuildRecord(
            inputs: inputs, bootstrapSize: Int64(info.st_size),
            bootstrapModified: BuildFingerprint.modificationNanoseconds(info))
    }

    /// The stored record beside a bootstrap, if any.
    static func stored(bootstrap: String) -> BuildRecord? {
        guard let data = FileManager.default.contents(atPath: path(for: bootstrap)) else { return nil }
        return try? JSONDecoder().decode(BuildRecord.self, from: data)
    }

    /// Stores the record beside the bootstrap.
    func store(bootstrap: String) {
        guard let data = try? JSONEncoder().encode(self) else { return }
        try? data.write(to: URL(fileURLWithPath: Self.path(for: bootstrap)), options: .atomic)
    }

    /// Removes a stored record (before a build, so a failed one leaves none).
    static func remove(bootstrap: String) {
        unlink(path(for: bootstrap))
    }
}
