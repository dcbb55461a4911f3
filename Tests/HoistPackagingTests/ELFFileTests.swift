import Foundation
import HoistPackaging
import HoistTestSupport
import Testing

@Suite("ELF reader")
struct ELFFileTests {
    @Test("reads class, machine, interpreter, DT_NEEDED and versions of a gcc-built fixture")
    func readsDynamicFixture() throws {
        let elf = try ELFFile(bytes: try TestSupport.fixtureBytes("elf/needs-glibc-2.35"))
        #expect(elf.fileClass == .elf64)
        #expect(elf.isLittleEndian)
        #expect(elf.machine == .x86_64)
        #expect(elf.interpreter == "/lib64/ld-linux-x86-64.so.2")
        #expect(elf.hasDynamicSection)
        #expect(!elf.isStatic)
        #expect(elf.neededLibraries == ["libm.so.6", "libc.so.6"])
        #expect(
            elf.versionNeeds == [
                .init(library: "libm.so.6", versions: ["GLIBC_2.35"]),
                .init(library: "libc.so.6", versions: ["GLIBC_2.2.5", "GLIBC_2.34"]),
            ])
    }

    @Test("reads GLIBCXX versions of libstdc++")
    func readsLibstdcxxVersions() throws {
        let elf = try ELFFile(bytes: try TestSupport.fixtureBytes("elf/needs-libstdcxx"))
        #expect(elf.neededLibraries == ["libstdc++.so.6", "libc.so.6"])
        #expect(
            elf.versionNeeds.first { $0.library == "libstdc++.so.6" }?.versions == ["GLIBCXX_3.4.11", "GLIBCXX_3.4"])
    }

    @Test("a header with no program headers is a static file")
    func minimalStaticHeader() throws {
        let elf = try ELFFile(bytes: SyntheticELF.staticExecutable(machine: 183))
        #expect(elf.isStatic)
        #expect(elf.machine == .aarch64)
        #expect(elf.interpreter == nil)
        #expect(elf.neededLibraries.isEmpty)
    }

    @Test("non-ELF input is refused as not-elf")
    func garbageIsNotELF() {
        #expect(throws: PackagingError.self) { try ELFFile(bytes: Array("#!/bin/sh\necho hi\n".utf8)) }
        do {
            _ = try ELFFile(bytes: [])
            Issue.record("empty input parsed")
        } catch {
            #expect(error.code == .notELF)
        }
    }

    @Test("every truncation of a real executable gives an error, never a crash")
    func everyTruncationFails() throws {
        let bytes = try TestSupport.fixtureBytes("elf/needs-glibc-2.34")
        var errors: [PackagingError.Code: Int] = [:]
        var parsedPrefixes = 0
        for length in 0..<bytes.count {
            do {
                _ = try ELFFile(bytes: Array(bytes[..<length]))
                parsedPrefixes += 1
            } catch {
                errors[error.code, default: 0] += 1
            }
        }
        // Prefixes that cut the header, program headers, interpreter, dynamic section or version tables fail.
        #expect(errors[.truncatedELF, default: 0] > 1000)
        #expect(errors[.notELF] == 4)
        // Once every structure the reader uses is inside the prefix, the rest (code, sections) is not needed.
        #expect(parsedPrefixes < bytes.count / 2)
        print("ELF truncation: \(bytes.count) prefixes tried, \(parsedPrefixes) parsed, errors \(errors)")
    }

    @Test("random mutations of real executables give a result or a PackagingError, never a crash")
    func mutationFuzz() throws {
        var generator = SplitMix64(seed: 0x5EED_4E1F)
        var inputs = 0
        var failures = 0
        for name in ["elf/needs-glibc-2.34", "elf/needs-glibc-2.35", "elf/needs-libstdcxx"] {
            let original = try TestSupport.fixtureBytes(name)
            // Mutations land where the reader looks: the first 4 KB (ELF header, program headers, interpreter,
            // .dynstr, .gnu.version_r) and the PT_DYNAMIC segment, which gcc places near the end of the file.
            let dynamic = Self.dynamicSegment(original)
            #expect(dynamic.lowerBound > 4096)
            for _ in 0..<10_000 {
                var bytes = original
                let flips = 1 + Int(generator.next() % 8)
                for _ in 0..<flips {
                    let position =
                        generator.next() % 2 == 0
                        ? Int(generator.next() % 4096)
                        : dynamic.lowerBound + Int(generator.next() % UInt64(dynamic.count))
                    switch generator.next() % 3 {
                    case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                    case 1: bytes[position] ^= 0x80
                    default: bytes[position] = 0xFF
                    }
                }
                if generator.next() % 4 == 0 {
                    bytes.removeLast(Int(generator.next() % UInt64(bytes.count)))
                }
                inputs += 1
                do {
                    let elf = try ELFFile(bytes: bytes)
                    _ = CompatibilityGate(runtime: .providedAL2023, architecture: .x86_64).problems(for: elf)
                } catch {
                    failures += 1
                }
            }
        }
        for _ in 0..<5_000 {
            let count = Int(generator.next() % 512)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if count >= 6 && generator.next() % 2 == 0 {
                bytes.replaceSubrange(0..<6, with: [0x7F, 0x45, 0x4C, 0x46, 2, 1])
            }
            inputs += 1
            do { _ = try ELFFile(bytes: bytes) } catch { failures += 1 }
        }
        #expect(inputs == 35_000)
        #expect(failures > 5_000)
        print("ELF fuzz: \(inputs) inputs tried, \(failures) refused with a PackagingError, none crashed")
    }

    /// The file range of PT_DYNAMIC in a 64-bit little-endian file, read independently of ELFFile.
    static func dynamicSegment(_ bytes: [UInt8]) -> Range<Int> {
        func value(_ offset: Int, _ size: Int) -> Int {
            (0..<size).reversed().reduce(0) { $0 << 8 | Int(bytes[offset + $1]) }
        }
        let tableOffset = value(32, 8)
        let entrySize = value(54, 2)
        for index in 0..<value(56, 2) {
            let entry = tableOffset + index * entrySize
            if value(entry, 4) == 2 {
                return value(entry + 8, 8)..<(value(entry + 8, 8) + value(entry + 32, 8))
            }
        }
        return 0..<0
    }

    @Test("unknown class and encoding bytes are malformed, a 32-bit class is read as 32-bit")
    func identificationBytes() throws {
        var bytes = try TestSupport.fixtureBytes("elf/needs-glibc-2.34")
        bytes[5] = 9
        #expect(throws: PackagingError(.malformedELF, "unknown ELF data encoding 9")) { try ELFFile(bytes: bytes) }
        bytes[5] = 1
        bytes[4] = 3
        #expect(throws: PackagingError(.malformedELF, "unknown ELF class 3")) { try ELFFile(bytes: bytes) }
    }
}

/// Hand-made ELF images for cases gcc cannot produce here.
enum SyntheticELF {
    /// A 64-bit little-endian executable header with no program headers: what a static binary looks like
    /// to the gate (no PT_INTERP, no PT_DYNAMIC).
    static func staticExecutable(machine: UInt16) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 64)
        bytes.replaceSubrange(0..<8, with: [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0])
        bytes[16] = 2  // ET_EXEC
        bytes[18] = UInt8(machine & 0xFF)
        bytes[19] = UInt8(machine >> 8)
        bytes[54] = 56  // e_phentsize
        return bytes
    }
}
