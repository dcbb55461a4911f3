import CZip
import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes reproducible zip archives through libzip, deflating entries in parallel with zlib.
///
/// Entries are sorted by path, every entry gets the same modification time, modes are 0644 or 0755 with
/// `ZIP_OPSYS_UNIX`, and no extra fields are written. Worker threads read and deflate each file with zlib
/// (raw deflate, the given level, memLevel 9); libzip receives the compressed bytes through a
/// `zip_source_function` whose stat reports method, sizes and CRC, so it copies them without recompressing.
public struct ZipWriter: Sendable {
    /// The modification time stored for every entry, in seconds since the Unix epoch (UTC).
    public let modificationTime: Int
    /// The zlib compression level, 1–9 (6 is `zip`'s and libzip's default).
    public let compressionLevel: Int32
    /// How many files are read and deflated at once.
    public let concurrency: Int

    /// The summary of one written archive.
    public struct Summary: Sendable, Equatable {
        /// The number of entries written.
        public let entryCount: Int
        /// The sum of the entries' uncompressed sizes.
        public let unzippedBytes: UInt64
        /// The size of the archive file.
        public let zippedBytes: UInt64
        /// SHA-256 of each entry's uncompressed content, by archive path (computed while deflating).
        public let contentDigests: [String: [UInt8]]
    }

    /// Creates a writer; `concurrency` defaults to the number of online processors.
    public init(modificationTime: Int, compressionLevel: Int32 = 6, concurrency: Int? = nil) {
        self.modificationTime = modificationTime
        self.compressionLevel = min(max(compressionLevel, 1), 9)
        self.concurrency = max(1, concurrency ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Writes the entries (validated and sorted first) to a zip at `path`, replacing any file there.
    public func write(_ entries: [ArchiveEntry], to path: String) throws(PackagingError) -> Summary {
        let ordered = try DeterministicArchive.ordered(entries)
        guard !ordered.isEmpty else {
            throw PackagingError(.invalidConfiguration, "refusing to write an empty archive at \(path)")
        }
        ArchiveProcessSettings.apply()
        let compressed = try compressAll(ordered)
        unlink(path)
        var openError: Int32 = 0
        guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &openError) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, openError)
            defer { zip_error_fini(&error) }
            throw LibzipError.packagingError(&error, action: "open \(path) for writing")
        }
        var unzipped: UInt64 = 0
        var digests: [String: [UInt8]] = [:]
        for (entry, data) in zip(ordered, compressed) {
            unzipped += data.uncompressedSize
            digests[entry.path] = data.contentDigest
            do {
                try add(entry, data, to: archive)
            } catch {
                zip_discard(archive)
                throw error
            }
        }
        if zip_close(archive) != 0 {
            let failure = LibzipError.packagingError(zip_get_error(archive), action: "write \(path)")
            zip_discard(archive)
            throw failure
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw PackagingError(.io, "cannot stat \(path)", underlying: SystemCallError(call: "stat", errno: errno))
        }
        return Summary(
            entryCount: ordered.count, unzippedBytes: unzipped, zippedBytes: UInt64(info.st_size),
            contentDigests: digests)
    }

    private func add(_ entry: ArchiveEntry, _ data: CompressedData, to archive: OpaquePointer) throws(PackagingError) {
        let context = Unmanaged.passRetained(CompressedSourceContext(data))
        guard let source = zip_source_function(archive, compressedSourceCallback, context.toOpaque()) else {
            context.release()
            throw LibzipError.packagingError(zip_get_error(archive), action: "create a source for \(entry.path)")
        }
        let index = zip_file_add(archive, entry.path, source, zip_flags_t(ZIP_FL_ENC_GUESS))
        guard index >= 0 else {
            zip_source_free(source)
            throw LibzipError.packagingError(zip_get_error(archive), action: "add \(entry.path)")
        }
        let position = zip_uint64_t(index)
        let method = data.method == .stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE
        guard zip_set_file_compression(archive, position, method, zip_uint32_t(compressionLevel)) == 0,
            zip_file_set_external_attributes(
                archive, position, 0, zip_uint8_t(ZIP_OPSYS_UNIX), entry.externalAttributes) == 0,
            zip_file_set_mtime(archive, position, time_t(modificationTime), 0) == 0
        else {
            throw LibzipError.packagingError(zip_get_error(archive), action: "set attributes of \(entry.path)")
        }
    }

    private func compressAll(_ entries: [ArchiveEntry]) throws(PackagingError) -> [CompressedData] {
        let results = ResultSlots<Result<CompressedData, PackagingError>>(count: entries.count)
        let level = compressionLevel
        let next = AtomicCounter()
        let workers = min(concurrency, entries.count)
        let blockConcurrency = concurrency
        WorkerThreads.run(count: workers) { _ in
            let deflater = Deflater(level: level, blockConcurrency: blockConcurrency)
            while true {
                let index = next.increment()
                guard index < entries.count else { return }
                results.set(
                    index, Result { () throws(PackagingError) in try deflater.compress(entries[index]) })
            }
        }
        var output: [CompressedData] = []
        output.reserveCapacity(entries.count)
        for result in results.values() {
            output.append(try result.get())
        }
        return output
    }
}

/// The state behind one `zip_source_function`: precompressed bytes handed to libzip as they are.
final class CompressedSourceContext {
    let data: CompressedData
    var position = 0
    var error = zip_error_t()

    init(_ data: CompressedData) {
        self.data = data
        zip_error_init(&error)
    }

    deinit {
        zip_error_fini(&error)
    }
}

private let readableCommands: zip_int64_t = [
    ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
    ZIP_SOURCE_SUPPORTS,
].reduce(0) { $0 | (zip_int64_t(1) << zip_int64_t($1.rawValue)) }

/// libzip's callback for a `CompressedSourceContext`.
private let compressedSourceCallback: zip_source_callback = { userdata, data, length, command in
    guard let userdata else { return -1 }
    let unmanaged = Unmanaged<CompressedSourceContext>.fromOpaque(userdata)
    let context = unmanaged.takeUnretainedValue()
    switch command {
    case ZIP_SOURCE_OPEN:
        context.position = 0
        return 0
    case ZIP_SOURCE_READ:
        guard let data else { return -1 }
        let count = min(Int(clamping: length), context.data.bytes.count - context.position)
        context.data.bytes.withUnsafeBytes { buffer in
            if count > 0 {
                data.copyMemory(from: buffer.baseAddress! + context.position, byteCount: count)
            }
        }
        context.position += count
        return zip_int64_t(count)
    case ZIP_SOURCE_CLOSE:
        return 0
    case ZIP_SOURCE_STAT:
        guard let data, length >= MemoryLayout<zip_stat_t>.size else {
            zip_error_set(&context.error, ZIP_ER_INVAL, 0)
            return -1
        }
        let stat = data.assumingMemoryBound(to: zip_stat_t.self)
        zip_stat_init(stat)
        stat.pointee.valid = zip_uint64_t(ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC)
        stat.pointee.size = context.data.uncompressedSize
        stat.pointee.comp_size = zip_uint64_t(context.data.bytes.count)
        stat.pointee.comp_method = zip_uint16_t(context.data.method == .stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE)
        stat.pointee.crc = context.data.crc
        return zip_int64_t(MemoryLayout<zip_stat_t>.size)
    case ZIP_SOURCE_ERROR:
        guard let data else { return -1 }
        return zip_error_to_data(&context.error, data, length)
    case ZIP_SOURCE_FREE:
        unmanaged.release()
        return 0
    case ZIP_SOURCE_SUPPORTS:
        return readableCommands
    default:
        zip_error_set(&context.error, ZIP_ER_OPNOTSUPP, 0)
        return -1
    }
}
