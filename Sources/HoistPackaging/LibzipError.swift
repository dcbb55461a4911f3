import CZip

/// Converts libzip's errors into `PackagingError`: the one place that reads `zip_error_t`.
public struct LibzipError: Error, CustomStringConvertible {
    /// libzip's error code (`ZIP_ER_*`).
    public let zipCode: Int32
    /// The system or zlib error code libzip recorded with it, 0 when none.
    public let systemCode: Int32
    /// libzip's text for the error.
    public let text: String

    /// libzip's text and codes.
    public var description: String {
        "libzip error \(zipCode) (system \(systemCode)): \(text)"
    }

    static func packagingError(_ error: UnsafeMutablePointer<zip_error_t>, action: String) -> PackagingError {
        let cause = LibzipError(
            zipCode: zip_error_code_zip(error), systemCode: zip_error_code_system(error),
            text: String(cString: zip_error_strerror(error)))
        return PackagingError(.zip, "cannot \(action): \(cause.text)", underlying: cause)
    }
}
