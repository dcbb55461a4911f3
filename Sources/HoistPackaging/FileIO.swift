import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small POSIX file helpers that report failures as `PackagingError`.
enum FileIO {
    /// Reads a whole file.
    static func readAll(_ path: String) throws(PackagingError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PackagingError(.io, "cannot open \(path)", underlying: SystemCallError(call: "open", errno: errno))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw PackagingError(.io, "cannot stat \(path)", underlying: SystemCallError(call: "fstat", errno: errno))
        }
        var failure: Int32 = 0
        let expected = max(Int(info.st_size), 0)
        // Read straight into an array of the stat size; a file that grew meanwhile is read on in chunks.
        var result = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            initialized = 0
            while initialized < expected, let base = buffer.baseAddress {
                let count = read(descriptor, base + initialized, expected - initialized)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { failure = errno }
                if count <= 0 { break }
                initialized += count
            }
        }
        // The usual case: the file did not grow, and a one-byte read confirms the end.
        var probe: UInt8 = 0
        var probeCount = -1
        while failure == 0 && probeCount < 0 {
            probeCount = read(descriptor, &probe, 1)
            if probeCount < 0 && errno != EINTR { failure = errno }
        }
        if probeCount == 1 {
            result.append(probe)
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while failure == 0 {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count < 0 { failure = errno }
                if count <= 0 { break }
                result.append(contentsOf: chunk[..<count])
            }
        }
        guard failure == 0 else {
            throw PackagingError(.io, "cannot read \(path)", underlying: SystemCallError(call: "read", errno: failure))
        }
        return result
    }

    /// SHA-256 of a file, read in 1 MB chunks into one reused buffer.
    static func sha256(of path: String) throws(PackagingError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PackagingError(.io, "cannot open \(path)", underlying: SystemCallError(call: "open", errno: errno))
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw PackagingError(
                    .io, "cannot read \(path)", underlying: SystemCallError(call: "read", errno: errno))
            }
            if count == 0 { return Array(hasher.finalize()) }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Writes bytes to a file atomically (temporary file in the same folder, then rename).
    static func writeAll(_ bytes: [UInt8], to path: String) throws(PackagingError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PackagingError(
                .io, "cannot create \(temporary)", underlying: SystemCallError(call: "open", errno: errno))
        }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                let failure = errno
                close(descriptor)
                unlink(temporary)
                throw PackagingError(
                    .io, "cannot write \(path)", underlying: SystemCallError(call: "write", errno: failure))
            }
            written += result
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let failure = errno
            unlink(temporary)
            throw PackagingError(
                .io, "cannot rename to \(path)", underlying: SystemCallError(call: "rename", errno: failure))
        }
    }

    /// Creates a folder and its parents (mode 0755 before umask); succeeds when it exists.
    static func makeDirectories(_ path: String) throws(PackagingError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw PackagingError(
                    .io, "cannot create \(current)", underlying: SystemCallError(call: "mkdir", errno: errno))
            }
        }
    }

    /// Removes a file if it exists.
    static func removeIfPresent(_ path: String) throws(PackagingError) {
        if unlink(path) != 0 && errno != ENOENT {
            throw PackagingError(
                .io, "cannot remove \(path)", underlying: SystemCallError(call: "unlink", errno: errno))
        }
    }
}
