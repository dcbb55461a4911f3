/// Recognises already-compressed data by its magic number, so it is stored rather than deflated again.
///
/// On the seed's Python layer, 15.6 MB of the 32 MB are botocore's `.json.gz` models: deflating them took 41% of
/// the deflate time and saved 14.7 KB (0.07%). The decision depends on the bytes only, so it is reproducible.
public enum CompressedFormats {
    private static let signatures: [[UInt8]] = [
        [0x1F, 0x8B],  // gzip
        [0x50, 0x4B, 0x03, 0x04],  // zip, wheel, jar
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],  // PNG
        [0xFF, 0xD8, 0xFF],  // JPEG
        [0x47, 0x49, 0x46, 0x38],  // GIF
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00],  // xz
        [0x28, 0xB5, 0x2F, 0xFD],  // zstd
        [0x42, 0x5A, 0x68],  // bzip2
        [0x77, 0x4F, 0x46, 0x32],  // WOFF2
    ]

    /// True when the bytes start with the signature of a compressed format (gzip, zip, PNG, JPEG, GIF, xz, zstd,
    /// bzip2, WOFF2).
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        signatures.contains { signature in
            bytes.count >= signature.count && bytes.starts(with: signature)
        }
    }
}
