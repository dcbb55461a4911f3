import Foundation
import Testing

/// The ELF program header types of a 64-bit little-endian executable.
func programHeaderTypes(of url: URL) throws -> [UInt32] {
    let bytes = [UInt8](try Data(contentsOf: url))
    func integer(_ offset: Int, _ size: Int) -> Int {
        (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }
    guard bytes.count > 64, bytes[0..<4] == [0x7f, 0x45, 0x4c, 0x46], bytes[4] == 2, bytes[5] == 1 else {
        throw MotoUnavailable(reason: "not a 64-bit little-endian ELF file")
    }
    let offset = integer(0x20, 8)
    let entrySize = integer(0x36, 2)
    let count = integer(0x38, 2)
    return (0..<count).map { UInt32(integer(offset + $0 * entrySize, 4)) }
}

/// Checks the bootstrap named by `HOIST_BOOTSTRAP` (the static release build) for hoist's gate.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["HOIST_BOOTSTRAP"] != nil, "set HOIST_BOOTSTRAP to a static build")
)
struct StaticBinaryTests {
    @Test func hasNoInterpreterAndNoDynamicSection() throws {
        let types = try programHeaderTypes(of: BootstrapProcess.executableURL)
        #expect(!types.isEmpty)
        #expect(!types.contains(2), "PT_DYNAMIC present")
        #expect(!types.contains(3), "PT_INTERP present")
    }
}

@Suite struct ELFReaderTests {
    @Test func theDebugBuildIsDynamic() throws {
        // The debug test build links dynamically: the reader must see its PT_INTERP and PT_DYNAMIC.
        let types = try programHeaderTypes(of: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath())
        #expect(types.contains(2))
        #expect(types.contains(3))
    }
}
