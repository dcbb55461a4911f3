import Foundation
import HoistAWS
import Testing

@testable import HoistCore

/// `SecretInput.read`: capped, chunked, strictly UTF-8, one trailing newline dropped.
@Suite("secret value from standard input")
struct SecretInputTests {
    /// Reads `bytes` through a real file descriptor; also returns how far into the file the reader went.
    static func read(_ bytes: [UInt8]) throws -> (result: Result<SecretValue, any Error>, offset: Int) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hoist-secret-\(UUID())").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let result = Result { try SecretInput.read(fileDescriptor: descriptor) }
        return (result, Int(lseek(descriptor, 0, SEEK_CUR)))
    }

    static func code(_ result: Result<SecretValue, any Error>) -> SecretInputError.Code? {
        if case .failure(let error as SecretInputError) = result { return error.code }
        return nil
    }

    @Test("exactly 65,536 bytes pass, with or without a trailing newline; the newline is dropped")
    func atLimit() throws {
        let value = [UInt8](repeating: UInt8(ascii: "a"), count: 65_536)
        for suffix in [[], [0x0A], [0x0D, 0x0A]] as [[UInt8]] {
            let read = try Self.read(value + suffix)
            #expect(try read.result.get().exposed.utf8.count == 65_536)
        }
    }

    @Test("65,537 bytes (or 65,536 and a character before the newline) are refused")
    func overLimit() throws {
        let value = [UInt8](repeating: UInt8(ascii: "a"), count: 65_536)
        for input in [value + [0x61], value + [0x61, 0x0A], value + [0x0D, 0x0D, 0x0A]] {
            #expect(Self.code(try Self.read(input).result) == .tooLarge)
        }
    }

    @Test("a 10 MB input is refused after reading only the cap and 3 bytes, not the whole")
    func readsIncrementally() throws {
        let read = try Self.read([UInt8](repeating: UInt8(ascii: "z"), count: 10_000_000))
        #expect(Self.code(read.result) == .tooLarge)
        #expect(read.offset == 65_539)
        if case .failure(let error) = read.result { #expect(!"\(error)".contains("zzz")) }
    }

    @Test(
        "invalid UTF-8 is refused, never decoded lossily",
        arguments: [
            [0x66, 0xFF, 0x67], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80],
        ]
            as [[UInt8]])
    func invalidUTF8(_ bytes: [UInt8]) throws {
        let read = try Self.read(bytes + [0x0A])
        #expect(Self.code(read.result) == .invalidUTF8)
        if case .failure(let error) = read.result { #expect("\(error)".contains("not valid UTF-8")) }
    }

    @Test("multi-byte text passes unchanged; an empty input is an empty value")
    func validText() throws {
        let text = "naïve–🔑\tline\nsecond"
        #expect(try Self.read(Array((text + "\n").utf8)).result.get().exposed == text)
        #expect(try Self.read([]).result.get().exposed == "")
    }
}
