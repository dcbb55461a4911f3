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

    /// Creates the upload settings with the documented defaults.
    public init(directLimitBytes: Int = 10 * UploadConfig.megabyte, partSizeBytes: Int = 8 * UploadConfig.megabyte) {
        self.directLimitBytes = directLimitBytes
        self.partSizeBytes = partSizeBytes
    }
}
