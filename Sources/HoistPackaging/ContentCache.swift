import Crypto
import Foundation

/// Remembers, per artifact, the inputs a zip was made from, so an unchanged input reuses it without recompressing.
///
/// Two levels, like git's index: when every input's stat facts (path, mode, size, mtime, ctime, inode) and the
/// zip's own stat match the record, nothing is read at all; otherwise the inputs' contents are hashed and,
/// when path, mode and content all match, the zip is still reused and the record refreshed.
public struct ContentCache: Sendable {
    /// The folder holding one JSON record per artifact.
    public let directory: String

    /// Creates a cache in a folder (created on first write).
    public init(directory: String) {
        self.directory = directory
    }

    /// What a record says about the zip it describes.
    public struct ZipFacts: Codable, Sendable, Equatable {
        /// Zip size in bytes.
        public var bytes: UInt64
        /// Sum of uncompressed sizes.
        public var unzippedBytes: UInt64
        /// Entry count.
        public var entries: Int
        /// SHA-256 hex of the zip.
        public var sha256: String
        /// SHA-256 base64 of the zip.
        public var sha256Base64: String
        /// The zip file's mtime (ns) when recorded, to notice a replaced or edited zip.
        public var modificationNanoseconds: Int64
        /// The zip file's inode when recorded.
        public var inode: UInt64
    }

    /// One artifact's record.
    public struct Record: Codable, Sendable, Equatable {
        /// Everything besides the inputs that changes the zip's bytes (mtime, level, format).
        public var settings: String
        /// The inputs' stat facts, sorted by archive path.
        public var files: [InputFile]
        /// SHA-256 over every input's path, mode and content digest.
        public var contentDigest: String
        /// The zip made from them.
        public var zip: ZipFacts
    }

    /// The record of an artifact, nil when there is none or it cannot be read.
    public func record(for artifact: String) -> Record? {
        guard let bytes = try? FileIO.readAll(path(for: artifact)) else { return nil }
        return try? JSONDecoder().decode(Record.self, from: Data(bytes))
    }

    /// Stores an artifact's record.
    public func store(_ record: Record, for artifact: String) throws(PackagingError) {
        try FileIO.makeDirectories(directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(record)
        } catch {
            throw PackagingError(.io, "cannot encode the cache record of \(artifact)", underlying: error)
        }
        try FileIO.writeAll(Array(data), to: path(for: artifact))
    }

    /// Forgets an artifact's record.
    public func remove(_ artifact: String) throws(PackagingError) {
        try FileIO.removeIfPresent(path(for: artifact))
    }

    private func path(for artifact: String) -> String {
        directory + "/" + artifact + ".json"
    }

    /// The digest of an input list from each file's path, mode and content digest (inputs sorted by path).
    public static func contentDigest(files: [InputFile], contentDigests: [String: [UInt8]]) -> String {
        var hasher = SHA256()
        for file in files {
            hasher.update(data: Array(file.archivePath.utf8) + [0] + Array(String(file.mode, radix: 8).utf8) + [0])
            hasher.update(data: contentDigests[file.archivePath] ?? [])
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Reads and hashes every input's content, by archive path.
    public static func hashContents(of files: [InputFile]) throws(PackagingError) -> [String: [UInt8]] {
        var digests: [String: [UInt8]] = [:]
        for file in files {
            digests[file.archivePath] = Array(SHA256.hash(data: try FileIO.readAll(file.sourcePath)))
        }
        return digests
    }
}
