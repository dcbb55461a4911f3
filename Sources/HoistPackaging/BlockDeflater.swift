import CZip

/// Raw deflate of one large input in independent fixed-size blocks on several threads, as pigz does: each block
/// is its own zlib stream primed with the 32 KiB before it (`deflateSetDictionary`), ended with a sync flush
/// (byte-aligned, not final) except the last, which finishes; the concatenation is one valid deflate stream.
///
/// Why: the bootstrap (about 21 MB) is one zip entry, so entry-level parallelism leaves it to one core. The
/// block size is fixed, not derived from the thread count, so the bytes are the same on any machine and any run;
/// the dictionary keeps back-references across block boundaries, so the output is barely larger than one stream's.
enum BlockDeflater {
    /// Bytes per block.
    static let blockSize = 1 << 20
    /// Inputs from this size on are deflated in blocks.
    static let threshold = 4 << 20
    /// zlib's window: how much of the previous block primes the next.
    static let window = 32 << 10

    /// The raw deflate stream of `input` at `level`, built with up to `concurrency` threads.
    static func deflate(_ input: [UInt8], level: Int32, concurrency: Int) throws(PackagingError) -> [UInt8] {
        let count = (input.count + blockSize - 1) / blockSize
        let results = ResultSlots<Result<[UInt8], PackagingError>>(count: count)
        let next = AtomicCounter()
        WorkerThreads.run(count: min(max(concurrency, 1), count)) { _ in
            while true {
                let index = next.increment()
                guard index < count else { return }
                results.set(index, Result { () throws(PackagingError) in try block(index, of: input, level: level) })
            }
        }
        var output: [UInt8] = []
        for result in results.values() {
            output += try result.get()
        }
        return output
    }

    /// Block `index` of the input, deflated on its own after the window before it.
    static func block(_ index: Int, of input: [UInt8], level: Int32) throws(PackagingError) -> [UInt8] {
        let start = index * blockSize
        let end = min(start + blockSize, input.count)
        let last = end == input.count
        var stream = z_stream()
        let ready = deflateInit2_(
            &stream, level, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard ready == Z_OK else { throw PackagingError(.deflate, "zlib deflateInit2 failed with \(ready)") }
        defer { deflateEnd(&stream) }
        return try input.withUnsafeBufferPointer { (source) throws(PackagingError) -> [UInt8] in
            let base = source.baseAddress!
            if start > 0 {
                let primed = min(window, start)
                let status = deflateSetDictionary(&stream, base + start - primed, uInt(primed))
                guard status == Z_OK else {
                    throw PackagingError(.deflate, "zlib deflateSetDictionary failed with \(status)")
                }
            }
            // deflateBound covers a finished stream; a sync flush adds at most an empty stored block (5 bytes).
            let capacity = Int(deflateBound(&stream, uLong(end - start))) + 16
            var status: Int32 = Z_OK
            var produced = 0
            let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                stream.next_in = UnsafeMutablePointer(mutating: base + start)
                stream.avail_in = uInt(end - start)
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(capacity)
                status = CZip.deflate(&stream, last ? Z_FINISH : Z_SYNC_FLUSH)
                produced = capacity - Int(stream.avail_out)
                count = produced
            }
            let complete =
                last ? status == Z_STREAM_END : status == Z_OK && stream.avail_in == 0 && stream.avail_out > 0
            guard complete else {
                throw PackagingError(.deflate, "zlib deflate of block \(index) failed with \(status)")
            }
            return output
        }
    }
}
