import Foundation
import HoistPackaging
import Testing

@Suite("Zip writer")
struct ZipWriterTests {
    private let sample: [ArchiveEntry] = [
        ArchiveEntry(path: "zeta.txt", executable: false, source: .bytes(Array(repeating: 0x61, count: 5000))),
        ArchiveEntry(path: "bootstrap", executable: true, source: .bytes(Array("#!/bin/sh\necho hi\n".utf8))),
        ArchiveEntry(path: "lib/empty", executable: false, source: .bytes([])),
        ArchiveEntry(path: "Alpha/b.bin", executable: false, source: .bytes((0..<3000).map { UInt8($0 % 251) })),
    ]

    @Test("entries are sorted by path bytes, modes 0644/0755 (Unix), 1980-01-01 mtime, no extra fields")
    func attributes() throws {
        let folder = try TestSupport.temporaryDirectory()
        let path = folder + "/out.zip"
        let summary = try ZipWriter(modificationTime: DeterministicArchive.defaultModificationTime).write(
            sample, to: path)
        #expect(summary.entryCount == 4)
        #expect(summary.unzippedBytes == 5000 + 18 + 0 + 3000)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(summary.zippedBytes == UInt64(bytes.count))
        let entries = CentralDirectoryEntry.parse(bytes)
        #expect(entries.map(\.name) == ["Alpha/b.bin", "bootstrap", "lib/empty", "zeta.txt"])
        #expect(entries.map { $0.externalAttributes >> 16 } == [0o100644, 0o100755, 0o100644, 0o100644])
        #expect(entries.allSatisfy { $0.versionMadeBy >> 8 == 3 })
        #expect(entries.allSatisfy { $0.extraLength == 0 && $0.localExtraLength == 0 && $0.commentLength == 0 })
        // DOS date 1980-01-01 is (0 << 9) | (1 << 5) | 1 = 33, time 00:00:00.
        #expect(entries.allSatisfy { $0.dosDate == 33 && $0.dosTime == 0 })
        #expect(entries.first { $0.name == "zeta.txt" }?.method == 8)
        #expect(entries.first { $0.name == "lib/empty" }?.method == 0)
        #expect(entries.first { $0.name == "zeta.txt" }.map { $0.compressedSize < 100 } == true)
        // An independent reader (Python's zipfile) verifies every CRC and the contents.
        let check = try TestSupport.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;"
                    + "print(len(z.read('zeta.txt')), z.read('bootstrap').decode().strip())",
                path,
            ])
        #expect(check.status == 0)
        #expect(check.output.contains("5000 #!/bin/sh\necho hi"))
    }

    @Test("already-compressed data (by magic number) is stored, text is deflated")
    func compressedFormatsAreStored() throws {
        let folder = try TestSupport.temporaryDirectory()
        let gzip = try TestSupport.run("/usr/bin/env", ["sh", "-c", "seq 1 20000 | gzip -6 > '\(folder)/n.gz'"])
        #expect(gzip.status == 0)
        let gzipBytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/n.gz")))
        #expect(CompressedFormats.isCompressed(gzipBytes))
        #expect(!CompressedFormats.isCompressed(Array("{\"a\": 1}".utf8)))
        #expect(!CompressedFormats.isCompressed([0x1F]))
        let entries = [
            ArchiveEntry(path: "data.json.gz", executable: false, source: .file(folder + "/n.gz")),
            ArchiveEntry(path: "data.json", executable: false, source: .bytes(Array(repeating: 0x7B, count: 4096))),
        ]
        _ = try ZipWriter(modificationTime: DeterministicArchive.defaultModificationTime).write(
            entries, to: folder + "/out.zip")
        let written = CentralDirectoryEntry.parse(
            Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/out.zip"))))
        #expect(written.map(\.method) == [8, 0])
        #expect(written.last?.compressedSize == UInt32(gzipBytes.count))
        let test = try TestSupport.run("/usr/bin/env", ["unzip", "-tq", folder + "/out.zip"])
        #expect(test.status == 0, "\(test.output)")
    }

    @Test("the same entries give the same bytes, whatever their order and the thread count")
    func reproducible() throws {
        let folder = try TestSupport.temporaryDirectory()
        let mtime = 1_700_000_000
        _ = try ZipWriter(modificationTime: mtime, concurrency: 1).write(sample, to: folder + "/a.zip")
        _ = try ZipWriter(modificationTime: mtime, concurrency: 4).write(sample.reversed(), to: folder + "/b.zip")
        let first = try Data(contentsOf: URL(fileURLWithPath: folder + "/a.zip"))
        let second = try Data(contentsOf: URL(fileURLWithPath: folder + "/b.zip"))
        #expect(first == second)
        let entries = CentralDirectoryEntry.parse(Array(first))
        // 1_700_000_000 is 2023-11-14 22:13:20 UTC.
        #expect(entries.first?.dosDate == UInt16((2023 - 1980) << 9 | 11 << 5 | 14))
        #expect(entries.first?.dosTime == UInt16(22 << 11 | 13 << 5 | 20 / 2))
    }

    @Test("unsafe paths and duplicates are refused before anything is written")
    func unsafePaths() throws {
        let folder = try TestSupport.temporaryDirectory()
        for path in [".env", "a/.../b", "a/..b", "b../c", "lib/libfoo.so.1"] {
            try DeterministicArchive.validate(path: path)
        }
        for path in ["/etc/passwd", "../up", "a/../../b", "a//b", "./a", "", "a/..", "a/.", "a/", "a\\b"] {
            #expect(throws: PackagingError.self) {
                try ZipWriter(modificationTime: DeterministicArchive.defaultModificationTime).write(
                    [ArchiveEntry(path: path, executable: false, source: .bytes([1]))], to: folder + "/x.zip")
            }
        }
        let duplicate = [
            ArchiveEntry(path: "a", executable: false, source: .bytes([1])),
            ArchiveEntry(path: "a", executable: true, source: .bytes([2])),
        ]
        #expect(throws: PackagingError.self) {
            try ZipWriter(modificationTime: DeterministicArchive.defaultModificationTime).write(
                duplicate, to: folder + "/x.zip")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.zip"))
    }

    @Test("a missing input file is an io error naming it")
    func missingFile() throws {
        let folder = try TestSupport.temporaryDirectory()
        do {
            _ = try ZipWriter(modificationTime: DeterministicArchive.defaultModificationTime).write(
                [ArchiveEntry(path: "a", executable: false, source: .file(folder + "/nope"))], to: folder + "/x.zip")
            Issue.record("no error")
        } catch {
            #expect(error.code == .io)
            #expect(error.message.contains("/nope"))
            #expect(error.underlying is SystemCallError)
        }
    }

    @Test("SOURCE_DATE_EPOCH sets the mtime; unset or invalid gives 1980-01-01")
    func sourceDateEpoch() {
        #expect(DeterministicArchive.modificationTime(environment: [:]) == 315_532_800)
        #expect(
            DeterministicArchive.modificationTime(environment: ["SOURCE_DATE_EPOCH": "1700000000"]) == 1_700_000_000)
        #expect(DeterministicArchive.modificationTime(environment: ["SOURCE_DATE_EPOCH": "soon"]) == 315_532_800)
        #expect(DeterministicArchive.modificationTime(environment: ["SOURCE_DATE_EPOCH": "0"]) == 315_532_800)
    }

    @Test("exclude rules: folder patterns, names at any depth, relative paths")
    func excludes() {
        let rules = ExcludeRules(patterns: ExcludeRules.defaultPatterns + ["python/*/tests/", "*.pyc"])
        #expect(rules.excludes(relativePath: "packages", isDirectory: true))
        #expect(!rules.excludes(relativePath: "botocore/vendored/requests/packages", isDirectory: true))
        #expect(!rules.excludes(relativePath: "packages", isDirectory: false))
        #expect(rules.excludes(relativePath: "a/b/README.md", isDirectory: false))
        #expect(rules.excludes(relativePath: "old.zip", isDirectory: false))
        #expect(rules.excludes(relativePath: "python/jwt/tests", isDirectory: true))
        #expect(!rules.excludes(relativePath: "python/jwt/x/tests", isDirectory: true))
        #expect(rules.excludes(relativePath: "x/y.pyc", isDirectory: false))
        #expect(!rules.excludes(relativePath: "python/jwt/api.py", isDirectory: false))
    }
}
