#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// base64url without padding (RFC 4648 §5), as JWTs use it.
public enum Base64URL {
    /// Encodes bytes.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacing("+", with: "-")
            .replacing("/", with: "_")
            .replacing("=", with: "")
    }

    /// Decodes a string; nil when it is not base64url.
    public static func decode(_ string: some StringProtocol) -> [UInt8]? {
        guard string.utf8.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "=") })
        else { return nil }
        var base64 = String(string).replacing("-", with: "+").replacing("_", with: "/")
        let remainder = base64.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { base64 += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}
