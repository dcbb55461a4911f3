import Foundation
import HoistAWS

/// Reads a secret's value from a file descriptor (standard input): in chunks, capped, strictly UTF-8.
///
/// Why: Secrets Manager stores at most 65,536 bytes of SecretString, so a larger input can only fail later
/// (or be an accident, like piping a disk image); reading in chunks up to the cap never holds more than that.
/// Lossy decoding would turn invalid bytes into U+FFFD, store something else than what was given, and still pass
/// the read-back check, so invalid UTF-8 is refused instead. The bytes read are zeroed once decoded.
public enum SecretInput {
    /// Secrets Manager's limit on SecretString, in bytes.
    public static let maxBytes = 65_536

    /// The value on `fileDescriptor` up to its end, one trailing `\n` or `\r\n` dropped.
    /// - Throws: ``SecretInputError`` over `limit` bytes (after the newline is dropped), on invalid UTF-8,
    ///   or when reading fails.
    public static func read(fileDescriptor: Int32, limit: Int = maxBytes) throws -> SecretValue {
        // The limit plus room for a "\r\n" to drop, plus one byte that proves there is more.
        var bytes = try readCapped(fileDescriptor, cap: limit + 3)
        defer { zero(&bytes) }
        guard bytes.count < limit + 3 else { throw tooLarge(limit) }
        var end = bytes.count
        if end > 0, bytes[end - 1] == UInt8(ascii: "\n") {
            end -= 1
            if end > 0, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        }
        guard end <= limit else { throw tooLarge(limit) }
        guard let text = String(validating: bytes[..<end], as: UTF8.self) else {
            throw SecretInputError(
                code: .invalidUTF8, message: "the value on standard input is not valid UTF-8 text; nothing was stored",
                hint:
                    "hoist stores secrets as text: encode binary data first, e.g. base64 < file | hoist secrets set NAME"
            )
        }
        return SecretValue(text)
    }

    /// Up to `cap` bytes from `descriptor` (stops at end of input or at the cap), retrying interrupted reads.
    static func readCapped(_ descriptor: Int32, cap: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(cap, 16_384))
        var chunk = [UInt8](repeating: 0, count: 16_384)
        defer { zero(&chunk) }
        while bytes.count < cap {
            let wanted = min(chunk.count, cap - bytes.count)
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                zero(&bytes)
                throw SecretInputError(
                    code: .unreadable, message: "cannot read standard input: \(String(cString: strerror(code)))",
                    hint: "pipe the value in: hoist secrets set NAME < file", errno: code)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }

    static func tooLarge(_ limit: Int) -> SecretInputError {
        SecretInputError(
            code: .tooLarge, message: "the value on standard input is over \(limit) bytes; nothing was stored",
            hint: "Secrets Manager stores at most 65,536 bytes per secret value")
    }

    /// Overwrites a buffer with zeros (best effort: copies Swift made earlier are out of reach).
    static func zero(_ bytes: inout [UInt8]) {
        for index in bytes.indices { bytes[index] = 0 }
    }
}
