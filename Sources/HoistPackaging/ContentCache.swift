import Crypto
import Foundation

/// Remembers, per artifact, the inputs a zip was made from, so an unchanged input reuses it without recompressing.
///
/// Two levels, like git's index: when every input's stat facts (path, mode, size, mtime, ctime, inode) and the
/// zip's own stat match the record, nothing is read at all; otherwise the inputs' contents are hashed and,
/// when path, mode and content all match, the zip is still reused and the record refreshed.
public struct ContentCache: Sendable {
    /// The folder holding one record per artifact.
    public let directory: String
    /// How close to the record's writing an input may have changed and still be trusted by its stat facts.
    ///
    /// A file rewritten within one timestamp tick of the moment it was recorded keeps its mtime and ctime
    /// ("racy", in git's words); inputs changed less than this before the record was written are therefore
    /// verified by content. Default 2 s, which covers coarse filesystem timestamps.
    public let racyWindowNanoseconds: Int64

    /// Creates a cache in a folder (created on first write).
    public init(directory: String, racyWindowNanoseconds: Int64 = 2_000_000_000) {
        self.directory = directory
        self.racyWindowNanoseconds = racyWindowNanoseconds
    }

    /// True when the record's stat facts alone prove the inputs unchanged: same facts, none racy.
    public func statFactsMatch(_ record: Record, _ files: [InputFile]) -> Bool {
        guard record.files == files else { return false }
        let trustedBefore = record.writtenNanoseconds - racyWindowNanoseconds
        return !files.contains { max($0.modificationNanoseconds, $0.changeNanoseconds) >= trustedBefore }
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
    public struct Record: Sendable, Equatable {
        /// Everything besides the inputs that changes the zip's bytes (mtime, level, format).
        public var settings: String
        /// The inputs' stat facts, sorted by archive path.
        public var files: [InputFile]
        /// SHA-256 over every input's path, mode and content digest.
        public var contentDigest: String
        /// The zip made from them.
        public var zip: ZipFacts
        /// When the record file was written (its mtime, ns); 0 for a record not read from disk.
        public var writtenNanoseconds: Int64 = 0
    }

    /// The record of an artifact, nil when there is none or it cannot be read.
    public func record(for artifact: String) -> Record? {
        guard let bytes = try? FileIO.readAll(path(for: artifact)), var record = Record(text: bytes),
            let info = try? InputCollector.status(of: path(for: artifact), follow: false)
        else { return nil }
        record.writtenNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return record
    }

    /// Stores an artifact's record; a record whose paths hold a tab or newline is not stored (no cache).
    public func store(_ record: Record, for artifact: String) throws(PackagingError) {
        try FileIO.makeDirectories(directory)
        guard let text = record.text else {
            try remove(artifact)
            return
        }
        try FileIO.writeAll(text, to: path(for: artifact))
    }

    /// Forgets an artifact's record.
    public func remove(_ artifact: String) throws(PackagingError) {
        try FileIO.removeIfPresent(path(for: artifact))
    }

    private func path(for artifact: String) -> String {
        directory + "/" + artifact + ".cache"
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

/// The record's file format: a few tab-separated text lines, one per input file, quick to read back
/// (a JSON decoder spent more time on 2,682 entries than the rest of an unchanged packaging).
extension ContentCache.Record {
    private static let header = "hoist-cache 1"

    /// The record as text, nil when a path contains a tab or a newline.
    var text: [UInt8]? {
        var lines = [
            Self.header, "settings\t\(settings)", "digest\t\(contentDigest)",
            [
                "zip", String(zip.bytes), String(zip.unzippedBytes), String(zip.entries), zip.sha256, zip.sha256Base64,
                String(zip.modificationNanoseconds), String(zip.inode),
            ].joined(separator: "\t"),
        ]
        for file in files {
            for path in [file.archivePath, file.sourcePath]
            where path.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A }) {
                return nil
            }
            lines.append(
                [
                    "file", String(file.mode, radix: 8), String(file.size), String(file.modificationNanoseconds),
                    String(file.changeNanoseconds), String(file.inode), String(file.device), file.archivePath,
                    file.sourcePath,
                ].joined(separator: "\t"))
        }
        if settings.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A }) { return nil }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Parses the text form; nil when anything is off (the cache is then ignored).
    init?(text bytes: [UInt8]) {
        var settings: String?
        var digest: String?
        var zip: ContentCache.ZipFacts?
        var files: [InputFile] = []
        var sawHeader = false
        for line in bytes.split(separator: 0x0A) {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            if !sawHeader {
                guard fields == [Self.header] else { return nil }
                sawHeader = true
                continue
            }
            switch fields.first {
            case "settings" where fields.count == 2: settings = fields[1]
            case "digest" where fields.count == 2: digest = fields[1]
            case "zip" where fields.count == 8:
                guard let size = UInt64(fields[1]), let unzipped = UInt64(fields[2]), let entries = Int(fields[3]),
                    let mtime = Int64(fields[6]), let inode = UInt64(fields[7])
                else { return nil }
                zip = ContentCache.ZipFacts(
                    bytes: size, unzippedBytes: unzipped, entries: entries, sha256: fields[4], sha256Base64: fields[5],
                    modificationNanoseconds: mtime, inode: inode)
            case "file" where fields.count == 9:
                guard let mode = UInt16(fields[1], radix: 8), let size = UInt64(fields[2]),
                    let mtime = Int64(fields[3]), let ctime = Int64(fields[4]), let inode = UInt64(fields[5]),
                    let device = UInt64(fields[6])
                else { return nil }
                files.append(
                    InputFile(
                        archivePath: fields[7], sourcePath: fields[8], mode: mode, size: size,
                        modificationNanoseconds: mtime, changeNanoseconds: ctime, inode: inode, device: device))
            default: return nil
            }
        }
        guard let settings, let digest, let zip else { return nil }
        self.init(settings: settings, files: files, contentDigest: digest, zip: zip, writtenNanoseconds: 0)
    }
}
