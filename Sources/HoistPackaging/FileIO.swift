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
        var result: [UInt8] = []
        var capacity = max(Int(info.st_size), 0) + 1
        var failure: Int32 = 0
        while true {
            let start = result.count
            result.reserveCapacity(start + capacity)
            var readCount = 0
            let chunk = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                readCount = read(descriptor, buffer.baseAddress, capacity)
                if readCount < 0 { failure = errno }
                initialized = max(readCount, 0)
            }
            if readCount < 0 {
                if failure == EINTR { continue }
                throw PackagingError(
                    .io, "cannot read \(path)", underlying: SystemCallError(call: "read", errno: failure))
            }
            if readCount == 0 { return result }
            result.append(contentsOf: chunk)
            capacity = 1 << 16
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
