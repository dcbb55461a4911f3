import CZip
import Crypto

/// The compressed bytes of one entry and what libzip needs to know about them.
struct CompressedData: Sendable {
    enum Method: Sendable { case stored, deflated }
    let bytes: [UInt8]
    let uncompressedSize: UInt64
    let crc: UInt32
    let method: Method
    let contentDigest: [UInt8]
}

/// Reads and raw-deflates entries with zlib, reusing one stream (deflateReset) for every entry of a worker;
/// an entry is stored instead when it is already compressed (`CompressedFormats`) or deflate would not shrink it.
final class Deflater {
    private var stream = z_stream()
    private var initialized = false
    private let level: Int32
    private let blockConcurrency: Int

    /// A deflater at `level`; inputs of ``BlockDeflater/threshold`` and more are deflated in blocks on up to
    /// `blockConcurrency` threads.
    init(level: Int32, blockConcurrency: Int = 1) {
        self.level = level
        self.blockConcurrency = blockConcurrency
    }

    deinit {
        if initialized { deflateEnd(&stream) }
    }

    func compress(_ entry: ArchiveEntry) throws(PackagingError) -> CompressedData {
        let input: [UInt8]
        switch entry.source {
        case .bytes(let bytes): input = bytes
        case .file(let path): input = try FileIO.readAll(path)
        }
        guard input.count < Int(UInt32.max) else {
            throw PackagingError(.invalidConfiguration, "\(entry.path) is larger than 4 GB")
        }
        let crc = input.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        let digest = Array(SHA256.hash(data: input))
        if input.isEmpty || CompressedFormats.isCompressed(input) {
            return CompressedData(
                bytes: input, uncompressedSize: UInt64(input.count), crc: crc, method: .stored, contentDigest: digest)
        }
        if input.count >= BlockDeflater.threshold {
            let output = try BlockDeflater.deflate(input, level: level, concurrency: blockConcurrency)
            let method: CompressedData.Method = output.count < input.count ? .deflated : .stored
            return CompressedData(
                bytes: method == .deflated ? output : input, uncompressedSize: UInt64(input.count), crc: crc,
                method: method, contentDigest: digest)
        }
        let ready: Int32
        if initialized {
            ready = deflateReset(&stream)
        } else {
            ready = deflateInit2_(
                &stream, level, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size))
            initialized = ready == Z_OK
        }
        guard ready == Z_OK else {
            throw PackagingError(.deflate, "zlib deflateInit2/deflateReset failed with \(ready) for \(entry.path)")
        }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var status: Int32 = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            input.withUnsafeBufferPointer { source in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(bound)
                status = deflate(&stream, Z_FINISH)
                count = bound - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END else {
            throw PackagingError(.deflate, "zlib deflate failed with \(status) for \(entry.path)")
        }
        if output.count >= input.count {
            return CompressedData(
                bytes: input, uncompressedSize: UInt64(input.count), crc: crc, method: .stored, contentDigest: digest)
        }
        return CompressedData(
            bytes: output, uncompressedSize: UInt64(input.count), crc: crc, method: .deflated, contentDigest: digest)
    }
}
