/// The facts about an ELF executable that decide whether it loads on a Lambda runtime, read in pure Swift.
///
/// Only program headers are used (as the dynamic loader does), so stripped binaries and binaries without
/// section headers are read the same way. Every offset and count is bounds-checked: a truncated or garbage
/// file gives a `PackagingError`, never a crash.
public struct ELFFile: Sendable, Equatable {
    /// The ELF class: 32-bit or 64-bit.
    public enum FileClass: String, Sendable, Equatable {
        /// ELFCLASS32.
        case elf32
        /// ELFCLASS64.
        case elf64
    }

    /// The machine an ELF file is built for.
    public enum Machine: Sendable, Equatable, CustomStringConvertible {
        /// EM_X86_64 (62).
        case x86_64
        /// EM_AARCH64 (183).
        case aarch64
        /// Any other `e_machine` value.
        case other(UInt16)

        /// Creates the machine for an `e_machine` value.
        public init(rawValue: UInt16) {
            switch rawValue {
            case 62: self = .x86_64
            case 183: self = .aarch64
            default: self = .other(rawValue)
            }
        }

        /// The architecture name used by Lambda (`x86_64`, `arm64`) or `machine N` for others.
        public var description: String {
            switch self {
            case .x86_64: return "x86_64"
            case .aarch64: return "arm64"
            case .other(let value): return "machine \(value)"
            }
        }
    }

    /// The versions one needed library must provide (one `Elf_Verneed` entry and its `Elf_Vernaux` list).
    public struct VersionNeed: Sendable, Equatable {
        /// The library's soname, e.g. `libc.so.6`.
        public let library: String
        /// The version names needed from it, e.g. `GLIBC_2.34`, in file order.
        public let versions: [String]

        /// Creates a version need.
        public init(library: String, versions: [String]) {
            self.library = library
            self.versions = versions
        }
    }

    /// 32-bit or 64-bit.
    public let fileClass: FileClass
    /// True for little-endian files.
    public let isLittleEndian: Bool
    /// The `e_type` value (2 = executable, 3 = shared object or PIE).
    public let fileType: UInt16
    /// The target machine.
    public let machine: Machine
    /// The program interpreter (PT_INTERP), e.g. `/lib64/ld-linux-x86-64.so.2`; nil for a static binary.
    public let interpreter: String?
    /// True when the file has a PT_DYNAMIC segment.
    public let hasDynamicSection: Bool
    /// The DT_NEEDED libraries, in file order.
    public let neededLibraries: [String]
    /// The symbol versions needed per library (DT_VERNEED), in file order.
    public let versionNeeds: [VersionNeed]

    /// True when the file needs no loader and no shared library: it runs on any Linux kernel of its machine.
    public var isStatic: Bool {
        interpreter == nil && !hasDynamicSection && neededLibraries.isEmpty
    }

    /// Creates the facts of an ELF file directly (for callers and tests that do not start from bytes).
    public init(
        fileClass: FileClass, isLittleEndian: Bool, fileType: UInt16, machine: Machine, interpreter: String?,
        hasDynamicSection: Bool, neededLibraries: [String], versionNeeds: [VersionNeed]
    ) {
        self.fileClass = fileClass
        self.isLittleEndian = isLittleEndian
        self.fileType = fileType
        self.machine = machine
        self.interpreter = interpreter
        self.hasDynamicSection = hasDynamicSection
        self.neededLibraries = neededLibraries
        self.versionNeeds = versionNeeds
    }

    /// Reads an ELF file's header, program headers and dynamic section from its bytes.
    public init(bytes: [UInt8]) throws(PackagingError) {
        try self.init(parsing: bytes)
    }

    private init(parsing bytes: [UInt8]) throws(PackagingError) {
        guard bytes.count >= 4, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            throw PackagingError(.notELF, "not an ELF file (no \\x7FELF magic number)")
        }
        guard bytes.count >= 16 else {
            throw PackagingError(.truncatedELF, "ELF file truncated inside its identification bytes")
        }
        let fileClass: FileClass
        switch bytes[4] {
        case 1: fileClass = .elf32
        case 2: fileClass = .elf64
        default: throw PackagingError(.malformedELF, "unknown ELF class \(bytes[4])")
        }
        let littleEndian: Bool
        switch bytes[5] {
        case 1: littleEndian = true
        case 2: littleEndian = false
        default: throw PackagingError(.malformedELF, "unknown ELF data encoding \(bytes[5])")
        }
        let reader = ELFByteReader(bytes: bytes, littleEndian: littleEndian, is64: fileClass == .elf64)
        let headerSize = fileClass == .elf64 ? 64 : 52
        guard bytes.count >= headerSize else {
            throw PackagingError(.truncatedELF, "ELF file truncated inside its \(headerSize)-byte header")
        }
        let fileType = try reader.u16(at: 16)
        let machine = Machine(rawValue: try reader.u16(at: 18))
        let programHeaderOffset = try reader.word(at: fileClass == .elf64 ? 32 : 28)
        let programHeaderEntrySize = Int(try reader.u16(at: fileClass == .elf64 ? 54 : 42))
        let programHeaderCount = Int(try reader.u16(at: fileClass == .elf64 ? 56 : 44))
        let minimumEntrySize = fileClass == .elf64 ? 56 : 32
        if programHeaderCount > 0 && programHeaderEntrySize < minimumEntrySize {
            throw PackagingError(
                .malformedELF, "program header entry size \(programHeaderEntrySize) is below \(minimumEntrySize)")
        }
        let segments = try Self.readSegments(
            reader, offset: programHeaderOffset, entrySize: programHeaderEntrySize, count: programHeaderCount)

        var interpreter: String?
        if let interp = segments.first(where: { $0.type == 3 }) {
            let start = try reader.checkedRange(offset: interp.offset, length: interp.fileSize, what: "PT_INTERP")
            let raw = bytes[start]
            let text = raw.prefix { $0 != 0 }
            interpreter = String(decoding: text, as: UTF8.self)
        }
        let dynamic = segments.first(where: { $0.type == 2 })
        var needed: [String] = []
        var versionNeeds: [VersionNeed] = []
        if let dynamic {
            (needed, versionNeeds) = try Self.readDynamic(reader, dynamic: dynamic, segments: segments)
        }
        self.fileClass = fileClass
        self.isLittleEndian = littleEndian
        self.fileType = fileType
        self.machine = machine
        self.interpreter = interpreter
        self.hasDynamicSection = dynamic != nil
        self.neededLibraries = needed
        self.versionNeeds = versionNeeds
    }

    /// One program header: the fields the reader needs.
    struct Segment: Equatable {
        let type: UInt32
        let offset: UInt64
        let virtualAddress: UInt64
        let fileSize: UInt64
    }

    private static let maximumSegments = 4096

    private static func readSegments(
        _ reader: ELFByteReader, offset: UInt64, entrySize: Int, count: Int
    ) throws(PackagingError) -> [Segment] {
        guard count <= maximumSegments else {
            throw PackagingError(.malformedELF, "\(count) program headers is more than any executable has")
        }
        _ = try reader.checkedRange(
            offset: offset, length: UInt64(entrySize) * UInt64(count), what: "the program header table")
        var segments: [Segment] = []
        segments.reserveCapacity(count)
        for index in 0..<count {
            let base = Int(offset) + index * entrySize
            let type = try reader.u32(at: base)
            if reader.is64 {
                segments.append(
                    Segment(
                        type: type, offset: try reader.u64(at: base + 8),
                        virtualAddress: try reader.u64(at: base + 16), fileSize: try reader.u64(at: base + 32)))
            } else {
                segments.append(
                    Segment(
                        type: type, offset: UInt64(try reader.u32(at: base + 4)),
                        virtualAddress: UInt64(try reader.u32(at: base + 8)),
                        fileSize: UInt64(try reader.u32(at: base + 16))))
            }
        }
        return segments
    }

    private static let maximumDynamicEntries = 1 << 16
    private static let maximumVersionEntries = 1 << 12

    private static func readDynamic(
        _ reader: ELFByteReader, dynamic: Segment, segments: [Segment]
    ) throws(PackagingError) -> ([String], [VersionNeed]) {
        let range = try reader.checkedRange(offset: dynamic.offset, length: dynamic.fileSize, what: "PT_DYNAMIC")
        let entrySize = reader.is64 ? 16 : 8
        let entryCount = min(range.count / entrySize, maximumDynamicEntries)
        var neededOffsets: [UInt64] = []
        var stringTableAddress: UInt64?
        var stringTableSize: UInt64?
        var versionNeedAddress: UInt64?
        var versionNeedCount: UInt64 = 0
        for index in 0..<entryCount {
            let base = range.lowerBound + index * entrySize
            let tag = try reader.signedWord(at: base)
            let value = try reader.word(at: base + entrySize / 2)
            switch tag {
            case 0: break  // DT_NULL
            case 1: neededOffsets.append(value)  // DT_NEEDED
            case 5: stringTableAddress = value  // DT_STRTAB
            case 10: stringTableSize = value  // DT_STRSZ
            case 0x6fff_fffe: versionNeedAddress = value  // DT_VERNEED
            case 0x6fff_ffff: versionNeedCount = value  // DT_VERNEEDNUM
            default: continue
            }
            if tag == 0 { break }
        }
        if neededOffsets.isEmpty && versionNeedAddress == nil {
            return ([], [])
        }
        guard let stringTableAddress else {
            throw PackagingError(.malformedELF, "dynamic section has DT_NEEDED or DT_VERNEED but no DT_STRTAB")
        }
        let stringTableOffset = try fileOffset(of: stringTableAddress, in: segments, what: "DT_STRTAB")
        let stringTable = StringTable(
            reader: reader, offset: stringTableOffset,
            size: stringTableSize
                ?? UInt64(reader.bytes.count).subtractingReportingOverflow(stringTableOffset).partialValue)
        var needed: [String] = []
        for offset in neededOffsets {
            needed.append(try stringTable.string(at: offset, what: "DT_NEEDED name"))
        }
        var needs: [VersionNeed] = []
        if let versionNeedAddress, versionNeedCount > 0 {
            guard versionNeedCount <= UInt64(maximumVersionEntries) else {
                throw PackagingError(.malformedELF, "DT_VERNEEDNUM \(versionNeedCount) is implausibly large")
            }
            var entryOffset = try fileOffset(of: versionNeedAddress, in: segments, what: "DT_VERNEED")
            var versionsRead = 0
            for _ in 0..<versionNeedCount {
                let base = try reader.checkedRange(offset: entryOffset, length: 16, what: "an Elf_Verneed entry")
                    .lowerBound
                let auxCount = Int(try reader.u16(at: base + 2))
                let fileName = try reader.u32(at: base + 4)
                let auxOffset = try reader.u32(at: base + 8)
                let next = try reader.u32(at: base + 12)
                let library = try stringTable.string(at: UInt64(fileName), what: "Elf_Verneed library name")
                var versions: [String] = []
                var auxEntry = entryOffset + UInt64(auxOffset)
                for auxIndex in 0..<auxCount {
                    versionsRead += 1
                    guard versionsRead <= maximumVersionEntries * 4 else {
                        throw PackagingError(.malformedELF, "more than \(maximumVersionEntries * 4) needed versions")
                    }
                    let auxBase = try reader.checkedRange(offset: auxEntry, length: 16, what: "an Elf_Vernaux entry")
                        .lowerBound
                    let name = try reader.u32(at: auxBase + 8)
                    let auxNext = try reader.u32(at: auxBase + 12)
                    versions.append(try stringTable.string(at: UInt64(name), what: "Elf_Vernaux version name"))
                    if auxNext == 0 {
                        if auxIndex + 1 < auxCount {
                            throw PackagingError(
                                .malformedELF, "Elf_Verneed for \(library) lists \(auxCount) versions but has fewer")
                        }
                        break
                    }
                    auxEntry += UInt64(auxNext)
                }
                needs.append(VersionNeed(library: library, versions: versions))
                if next == 0 { break }
                entryOffset += UInt64(next)
            }
        }
        return (needed, needs)
    }

    /// Maps a virtual address to a file offset through the PT_LOAD segments.
    private static func fileOffset(
        of address: UInt64, in segments: [Segment], what: String
    ) throws(PackagingError) -> UInt64 {
        for segment in segments where segment.type == 1 {
            let (end, overflow) = segment.virtualAddress.addingReportingOverflow(segment.fileSize)
            if !overflow && address >= segment.virtualAddress && address < end {
                let (offset, offsetOverflow) = segment.offset.addingReportingOverflow(address - segment.virtualAddress)
                if !offsetOverflow { return offset }
            }
        }
        throw PackagingError(.malformedELF, "\(what) address 0x\(String(address, radix: 16)) is in no PT_LOAD segment")
    }
}

/// A dynamic string table inside the file bytes, read with bounds checks.
struct StringTable {
    /// Library and version names are short; a longer run without NUL is garbage (and would make reads quadratic).
    static let maximumLength: UInt64 = 4096

    let reader: ELFByteReader
    let offset: UInt64
    let size: UInt64

    func string(at index: UInt64, what: String) throws(PackagingError) -> String {
        guard index < size else {
            throw PackagingError(.malformedELF, "\(what) offset \(index) is outside the string table (\(size) bytes)")
        }
        let (start, overflow) = offset.addingReportingOverflow(index)
        guard !overflow, start < UInt64(reader.bytes.count) else {
            throw PackagingError(.truncatedELF, "\(what) lies beyond the end of the file")
        }
        let limit = min(UInt64(reader.bytes.count), offset &+ size, start + Self.maximumLength)
        var end = Int(start)
        while end < Int(limit) && reader.bytes[end] != 0 {
            end += 1
        }
        guard end < reader.bytes.count else {
            throw PackagingError(.truncatedELF, "\(what) is not terminated before the end of the file")
        }
        guard reader.bytes[end] == 0 else {
            throw PackagingError(.malformedELF, "\(what) is longer than \(Self.maximumLength) bytes or unterminated")
        }
        return String(decoding: reader.bytes[Int(start)..<end], as: UTF8.self)
    }
}

/// Bounds-checked little/big-endian integer reads over a byte array.
struct ELFByteReader {
    let bytes: [UInt8]
    let littleEndian: Bool
    let is64: Bool

    func checkedRange(offset: UInt64, length: UInt64, what: String) throws(PackagingError) -> Range<Int> {
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow, end <= UInt64(bytes.count) else {
            throw PackagingError(
                .truncatedELF,
                "\(what) (offset \(offset), \(length) bytes) extends beyond the end of the file (\(bytes.count) bytes)")
        }
        return Int(offset)..<Int(end)
    }

    private func load(at offset: Int, size: Int) throws(PackagingError) -> UInt64 {
        guard offset >= 0, offset <= bytes.count - size else {
            throw PackagingError(
                .truncatedELF, "ELF file truncated at offset \(offset) (file has \(bytes.count) bytes)")
        }
        var value: UInt64 = 0
        for index in 0..<size {
            let byte = UInt64(bytes[offset + (littleEndian ? size - 1 - index : index)])
            value = (value << 8) | byte
        }
        return value
    }

    func u16(at offset: Int) throws(PackagingError) -> UInt16 { UInt16(try load(at: offset, size: 2)) }
    func u32(at offset: Int) throws(PackagingError) -> UInt32 { UInt32(try load(at: offset, size: 4)) }
    func u64(at offset: Int) throws(PackagingError) -> UInt64 { try load(at: offset, size: 8) }

    /// An address-sized unsigned value (`Elf32_Addr`/`Elf64_Addr`).
    func word(at offset: Int) throws(PackagingError) -> UInt64 {
        is64 ? try u64(at: offset) : UInt64(try u32(at: offset))
    }

    /// An address-sized signed value (`d_tag`).
    func signedWord(at offset: Int) throws(PackagingError) -> Int64 {
        is64 ? Int64(bitPattern: try u64(at: offset)) : Int64(Int32(bitPattern: try u32(at: offset)))
    }
}
