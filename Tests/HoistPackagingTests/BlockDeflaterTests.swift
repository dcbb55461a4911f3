import Foundation
import Testing

@testable import HoistPackaging

/// One large entry deflated in parallel blocks: valid, byte-identical read back, reproducible at any thread
/// count, and within 1% of one zlib stream's size.
@Suite("Block deflater: one large file on several cores")
struct BlockDeflaterTests {
    /// About 9 MiB of log-like text with pseudo-random numbers: compressible, but not trivially.
    static let large: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var text: [UInt8] = []
        text.reserveCapacity(9_600_000)
        var line = 0
        while text.count < 9_437_184 + 12_345 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let words = ["GET", "PUT", "POST", "/movies", "/users", "200", "404", "ok", "slow"]
            let word = words[Int(state >> 60) % words.count]
            text += Array("\(line) \(word) \(String(state >> 40, radix: 16)) \(state % 1000) ms\n".utf8)
            line += 1
        }
        return text
    }()

    @Test("the zip reads back byte-identical (unzip -t, Python's zipfile), same bytes at 1, 2 and 4 threads")
    func validAndReproducible() throws {
        let folder = try TestSupport.temporaryDirectory()
        let original = folder + "/large.log"
        try Data(Self.large).write(to: URL(fileURLWithPath: original))
        let entries = [ArchiveEntry(path: "large.log", executable: false, source: .file(original))]
        var zips: [Data] = []
        for threads in [1, 2, 4] {
            let path = folder + "/t\(threads).zip"
            _ = try ZipWriter(modificationTime: DeterministicArchive.defaultModificationTime, concurrency: threads)
                .write(entries, to: path)
            zips.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(zips[0] == zips[1])
        #expect(zips[0] == zips[2])
        let written = CentralDirectoryEntry.parse(Array(zips[0]))
        #expect(written.first?.method == 8)
        let test = try TestSupport.run("/usr/bin/env", ["unzip", "-tq", folder + "/t2.zip"])
        #expect(test.status == 0, "\(test.output)")
        let check = try TestSupport.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;"
                    + "print(z.read('large.log') == open(sys.argv[2],'rb').read())",
                folder + "/t4.zip", original,
            ])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "True")
    }

    @Test("blocks cost at most 1% over one zlib stream at the same level")
    func sizeWithinOnePercent() throws {
        let blocks = try BlockDeflater.deflate(Self.large, level: 6, concurrency: 2)
        #expect((Self.large.count + BlockDeflater.blockSize - 1) / BlockDeflater.blockSize == 10)
        let folder = try TestSupport.temporaryDirectory()
        try Data(Self.large).write(to: URL(fileURLWithPath: folder + "/in"))
        try Data(blocks).write(to: URL(fileURLWithPath: folder + "/blocks"))
        let script = """
            import sys, zlib
            data = open(sys.argv[1], 'rb').read()
            blocks = open(sys.argv[2], 'rb').read()
            assert zlib.decompress(blocks, -15) == data
            one = zlib.compressobj(6, zlib.DEFLATED, -15, 9)
            print(len(one.compress(data) + one.flush()))
            """
        let single = try TestSupport.run("/usr/bin/env", ["python3", "-c", script, folder + "/in", folder + "/blocks"])
        #expect(single.status == 0, "\(single.output)")
        let singleSize = try #require(Int(single.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(Double(blocks.count) <= Double(singleSize) * 1.01, "blocks \(blocks.count), one stream \(singleSize)")
        print("block deflater: \(blocks.count) bytes in blocks, \(singleSize) as one stream")
    }
}
