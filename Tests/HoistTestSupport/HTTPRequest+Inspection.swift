import HoistAWS

/// Readers of a recorded request, for assertions.
extension HTTPRequest {
    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// All values of a header, matched case-insensitively.
    public func headers(named name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The in-memory body as text ("" for none).
    public var bodyText: String {
        if case .bytes(let bytes) = body { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }

    /// The form-encoded body decoded into pairs (query protocol).
    public var formParameters: [String: String] {
        var result: [String: String] = [:]
        for pair in bodyText.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = URIEncoding.decode(String(parts[0]), plusAsSpace: true)
            result[name] = parts.count > 1 ? URIEncoding.decode(String(parts[1]), plusAsSpace: true) : ""
        }
        return result
    }
}
