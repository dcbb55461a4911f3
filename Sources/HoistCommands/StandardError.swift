import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to standard error unbuffered, all of it, for progress lines that must show at once.
enum StandardError {
    /// Writes `text` whole; stops quietly if the stream is gone.
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(STDERR_FILENO, buffer.baseAddress! + offset, bytes.count - offset)
                #else
                    Darwin.write(STDERR_FILENO, buffer.baseAddress! + offset, bytes.count - offset)
                #endif
            }
            if written <= 0 { return }
            offset += written
        }
    }
}
