/// The opaque pagination cursor: base64url of `v1:` and the last key, so clients cannot rely on its shape.
public enum PageCursor {
    /// Encodes the last key of a page.
    public static func encode(lastKey: String) -> String {
        Base64URL.encode(Array("v1:\(lastKey)".utf8))
    }

    /// Decodes a cursor to the last key, or throws a 400.
    public static func decode(_ cursor: String) throws -> String {
        guard let bytes = Base64URL.decode(cursor), let text = String(validating: bytes, as: UTF8.self),
            text.hasPrefix("v1:"), text.count > 3
        else {
            throw APIError.badRequest("invalid_cursor", "cursor is not valid")
        }
        return String(text.dropFirst(3))
    }
}
