/// The contents of `.hoist/dist/manifest.json`: what each artifact is and how it will be uploaded.
public struct PackageManifest: Codable, Sendable, Equatable {
    /// How an artifact reaches Lambda.
    public enum UploadMethod: String, Codable, Sendable, Equatable {
        /// Inline in the CreateFunction/UpdateFunctionCode/PublishLayerVersion request.
        case direct
        /// Through the artifact bucket (the zip is over the direct-upload limit).
        case s3
    }

    /// One zip written by `hoist package`.
    public struct Artifact: Codable, Sendable, Equatable {
        /// `code` or `layer`.
        public var name: String
        /// The file name inside the dist folder, e.g. `code.zip`.
        public var file: String
        /// The zip's size in bytes.
        public var bytes: UInt64
        /// The sum of its entries' uncompressed sizes.
        public var unzippedBytes: UInt64
        /// The number of entries.
        public var entries: Int
        /// SHA-256 of the zip, lowercase hex.
        public var sha256: String
        /// SHA-256 of the zip, base64: Lambda's `CodeSha256`.
        public var sha256Base64: String
        /// Direct or through S3.
        public var uploadMethod: UploadMethod

        /// Creates an artifact description.
        public init(
            name: String, file: String, bytes: UInt64, unzippedBytes: UInt64, entries: Int, sha256: String,
            sha256Base64: String, uploadMethod: UploadMethod
        ) {
            self.name = name
            self.file = file
            self.bytes = bytes
            self.unzippedBytes = unzippedBytes
            self.entries = entries
            self.sha256 = sha256
            self.sha256Base64 = sha256Base64
            self.uploadMethod = uploadMethod
        }
    }

    /// The manifest format; bumped on incompatible changes.
    public var formatVersion: Int
    /// The direct-upload limit the upload methods were decided with, in bytes.
    public var directUploadLimit: UInt64
    /// The artifacts, code first; the layer is absent when it would be empty.
    public var artifacts: [Artifact]

    /// Creates a manifest.
    public init(formatVersion: Int = 1, directUploadLimit: UInt64, artifacts: [Artifact]) {
        self.formatVersion = formatVersion
        self.directUploadLimit = directUploadLimit
        self.artifacts = artifacts
    }

    /// The artifact with a name, if present.
    public func artifact(named name: String) -> Artifact? {
        artifacts.first { $0.name == name }
    }
}
