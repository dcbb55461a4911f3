import Foundation
import HoistPackaging
import HoistTestSupport

/// Paths and helpers shared by the packaging tests.
enum TestSupport {
    /// The worktree root, from this file's location.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A fixture's path in the source tree (`Tests/HoistPackagingTests/Fixtures/...`).
    static func fixture(_ relative: String) -> String {
        repositoryRoot + "/Tests/HoistPackagingTests/Fixtures/" + relative
    }

    /// A fixture's bytes.
    static func fixtureBytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixture(relative))))
    }

    /// A fresh, empty folder under the system temporary folder.
    static func temporaryDirectory(_ label: String = #function) throws -> String {
        try TemporaryDirectory.kept(label).path
    }

    /// Writes text to a file, creating folders, with the given permission bits.
    static func write(_ text: String, to path: String, mode: Int = 0o644) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// Runs a program and returns its exit status and merged output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (
        status: Int32, output: String
    ) {
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: executable), arguments, environment: environment, mergeStandardError: true)
        return (result.status, result.stdout)
    }
}

/// A minimal reader of a zip's central directory, independent of libzip, to check what hoist wrote.
struct CentralDirectoryEntry: Equatable {
    let name: String
    let versionMadeBy: UInt16
    let flags: UInt16
    let method: UInt16
    let dosTime: UInt16
    let dosDate: UInt16
    let crc: UInt32
    let compressedSize: UInt32
    let uncompressedSize: UInt32
    let extraLength: UInt16
    let commentLength: UInt16
    let externalAttributes: UInt32
    let localExtraLength: UInt16

    /// Parses every central directory entry (and checks each local header's extra field length).
    static func parse(_ bytes: [UInt8]) -> [CentralDirectoryEntry] {
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        guard let end = (0...(bytes.count - 22)).reversed().first(where: { u32($0) == 0x0605_4b50 }) else {
            return []
        }
        let count = Int(u16(end + 10))
        var offset = Int(u32(end + 16))
        var entries: [CentralDirectoryEntry] = []
        for _ in 0..<count {
            guard u32(offset) == 0x0201_4b50 else { break }
            let nameLength = Int(u16(offset + 28))
            let extraLength = u16(offset + 30)
            let commentLength = u16(offset + 32)
            let localOffset = Int(u32(offset + 42))
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            entries.append(
                CentralDirectoryEntry(
                    name: name, versionMadeBy: u16(offset + 4), flags: u16(offset + 8), method: u16(offset + 10),
                    dosTime: u16(offset + 12), dosDate: u16(offset + 14), crc: u32(offset + 16),
                    compressedSize: u32(offset + 20), uncompressedSize: u32(offset + 24), extraLength: extraLength,
                    commentLength: commentLength, externalAttributes: u32(offset + 38),
                    localExtraLength: u16(localOffset + 28)))
            offset += 46 + nameLength + Int(extraLength) + Int(commentLength)
        }
        return entries
    }
}
