/// An error raised while building, inspecting or packaging a bootstrap: a stable code, a message, and the cause.
public struct PackagingError: Error, CustomStringConvertible, Equatable {
    /// The stable category of a packaging error.
    public enum Code: String, Sendable, Equatable {
        /// The file is not an ELF file at all (wrong magic number).
        case notELF = "not-elf"
        /// The ELF file ends before a structure it declares.
        case truncatedELF = "truncated-elf"
        /// The ELF file's structures are inconsistent (bad offsets, sizes, loops, class or encoding).
        case malformedELF = "malformed-elf"
        /// The bootstrap would not load on the target runtime.
        case incompatibleBootstrap = "incompatible-bootstrap"
        /// An unknown runtime or architecture name was given.
        case unknownRuntime = "unknown-runtime"
        /// A path inside an archive is absolute, contains `..`, is empty or duplicated.
        case unsafeArchivePath = "unsafe-archive-path"
        /// A symbolic link that cannot be packaged (dangling, pointing outside the input, or at a directory).
        case unsupportedSymlink = "unsupported-symlink"
        /// Reading or writing a file failed.
        case io = "io"
        /// libzip reported an error.
        case zip = "zip"
        /// zlib reported an error.
        case deflate = "deflate"
        /// A Lambda limit would be exceeded.
        case limitExceeded = "limit-exceeded"
        /// `swift build` failed or could not be started.
        case buildFailed = "build-failed"
        /// The requested build cannot be made on this machine (e.g. arm64 without a Swift SDK).
        case unsupportedBuild = "unsupported-build"
        /// The configuration given to the packager is invalid.
        case invalidConfiguration = "invalid-configuration"
        /// A shared object of a pip-built layer would not load on the runtime (the wheel is named).
        case incompatibleWheel = "incompatible-wheel"
        /// `pip install` failed or could not be started (the failing package is named when pip says it).
        case pipFailed = "pip-failed"
    }

    /// The stable category of this error.
    public let code: Code
    /// A human-readable explanation, including the fix when there is one.
    public let message: String
    /// The lower-level error that caused this one, if any.
    public let underlying: (any Error)?

    /// Creates an error with a code, message and optional underlying cause.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, prefixed with the code and followed by the cause when there is one.
    public var description: String {
        var text = "[\(code.rawValue)] \(message)"
        if let underlying {
            text += " (cause: \(underlying))"
        }
        return text
    }

    /// Two errors are equal when code and message match; the cause is not compared.
    public static func == (lhs: PackagingError, rhs: PackagingError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}

/// The error code and text of a failed system call, kept as the cause of a `PackagingError`.
public struct SystemCallError: Error, CustomStringConvertible {
    /// The name of the failed call, e.g. `open`.
    public let call: String
    /// The `errno` value it left.
    public let errno: Int32

    /// Creates the error for a call and an errno value.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// The call name and the C library's text for the errno value.
    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
