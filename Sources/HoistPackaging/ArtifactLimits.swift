/// Lambda's size and count limits for code and layers, checked before anything is uploaded.
public enum ArtifactLimits {
    /// Function code plus all its layers, unzipped: 250 MB (262,144,000 bytes).
    public static let maximumUnzippedBytes: UInt64 = 250 * 1024 * 1024
    /// Layers per function.
    public static let maximumLayers = 5
    /// The largest zip Lambda accepts inline (its base64 fills a 69,905,067-byte JSON request): 50 MB.
    public static let maximumDirectUploadLimit: UInt64 = 50 * 1024 * 1024
    /// hoist's default direct-upload limit: 10 MB; larger artifacts go through S3.
    public static let defaultDirectUploadLimit: UInt64 = 10 * 1024 * 1024

    /// Checks a direct-upload limit: positive and at most 50 MB.
    public static func validate(directUploadLimit: UInt64) throws(PackagingError) {
        guard directUploadLimit > 0, directUploadLimit <= maximumDirectUploadLimit else {
            throw PackagingError(
                .invalidConfiguration,
                "direct-upload limit \(directUploadLimit) bytes must be between 1 and \(maximumDirectUploadLimit) (50 MB)"
            )
        }
    }

    /// Checks the unzipped total and the layer count; `layers` holds each layer's unzipped size.
    public static func check(codeUnzippedBytes: UInt64, layerUnzippedBytes layers: [UInt64]) throws(PackagingError) {
        guard layers.count <= maximumLayers else {
            throw PackagingError(
                .limitExceeded, "\(layers.count) layers: Lambda allows at most \(maximumLayers) per function")
        }
        let total = layers.reduce(codeUnzippedBytes, +)
        guard total <= maximumUnzippedBytes else {
            throw PackagingError(
                .limitExceeded,
                "code and layers unzipped are \(total) bytes; Lambda allows \(maximumUnzippedBytes) (250 MB): "
                    + "code \(codeUnzippedBytes), layers \(layers.map(String.init).joined(separator: ", "))")
        }
    }

    /// How an artifact of this zipped size is uploaded under the given limit.
    public static func uploadMethod(zippedBytes: UInt64, directUploadLimit: UInt64) -> PackageManifest.UploadMethod {
        zippedBytes > directUploadLimit ? .s3 : .direct
    }
}
