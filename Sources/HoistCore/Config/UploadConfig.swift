/// How artifacts reach AWS: inline up to a limit, through S3 multipart above it.
public struct UploadConfig: Sendable, Equatable {
    /// The allowed `direct_limit_mb` values.
    public static let directLimitRangeMB: ClosedRange<Int> = 1...50
    /// The allowed `part_size_mb` values.
    public static let partSizeRangeMB: ClosedRange<Int> = 5...100
    /// One MiB, the unit of the `_mb` keys.
    public static let megabyte = 1024 * 1024

    /// Artifacts at or under this many bytes are uploaded inline (default 10 MiB).
    public var directLimitBytes: Int
    /// The multipart part size in bytes (default 8 MiB).
    public var partSizeBytes: Int
    /// The artifact bucket, when not `hoist-<account>-<region>`: a bucket of this account (say, when another
    /// account took that name).
    public var bucket: String?

    /// Creates the upload settings with the documented defaults.
    public init(
        directLimitBytes: Int = 10 * UploadConfig.megabyte, partSizeBytes: Int = 8 * UploadConfig.megabyte,
        bucket: String? = nil
    ) {
        self.directLimitBytes = directLimitBytes
        self.partSizeBytes = partSizeBytes
        self.bucket = bucket
    }

    /// S3's bucket naming rules: 3–63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit.
    static func isBucketName(_ name: String) -> Bool {
        guard (3...63).contains(name.count), let first = name.first, let last = name.last else { return false }
        func alphanumeric(_ c: Character) -> Bool { ConfigRules.isLowerASCIILetter(c) || ConfigRules.isDigit(c) }
        return alphanumeric(first) && alphanumeric(last) && !name.contains("..")
            && name.allSatisfy { alphanumeric($0) || $0 == "." || $0 == "-" }
    }
}
