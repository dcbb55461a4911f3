import Foundation

/// Reads a file in chunks up to a limit, so an oversized (or endless, like a FIFO) file is never read whole.
enum ConfigFileReader {
    /// Why reading stopped.
    enum Failure: Error {
        /// More than the limit was there.
        case tooLarge
    }

    /// The file's bytes, at most `limit` of them.
    /// - Throws: ``Failure/tooLarge`` past `limit` bytes, or the file system's error.
    static func read(_ path: String, limit: Int) throws -> Data {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var data = Data()
        while data.count <= limit {
            guard let chunk = try handle.read(upToCount: min(64 * 1024, limit + 1 - data.count)), !chunk.isEmpty
            else { return data }
            data.append(chunk)
        }
        throw Failure.tooLarge
    }
}
