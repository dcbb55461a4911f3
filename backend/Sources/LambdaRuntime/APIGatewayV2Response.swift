#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An API Gateway HTTP API response in payload format 2.0.
public struct APIGatewayV2Response: Codable, Sendable, Equatable {
    /// The HTTP status code.
    public var statusCode: Int
    /// Response headers.
    public var headers: [String: String]?
    /// `Set-Cookie` values, one per cookie.
    public var cookies: [String]?
    /// The body, base64 when `isBase64Encoded`.
    public var body: String?
    /// Whether `body` is base64.
    public var isBase64Encoded: Bool?

    /// Creates a response with a text body.
    public init(
        statusCode: Int, headers: [String: String]? = nil, body: String? = nil, cookies: [String]? = nil,
        isBase64Encoded: Bool? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.cookies = cookies
        self.isBase64Encoded = isBase64Encoded
    }

    /// Creates a response whose binary body is sent as base64.
    public init(statusCode: Int, headers: [String: String]? = nil, binaryBody: [UInt8]) {
        self.init(
            statusCode: statusCode, headers: headers, body: Data(binaryBody).base64EncodedString(),
            isBase64Encoded: true)
    }

    /// The body's bytes, base64-decoded when needed.
    public var bodyBytes: [UInt8] {
        guard let body else { return [] }
        if isBase64Encoded == true { return Data(base64Encoded: body).map { [UInt8]($0) } ?? [] }
        return Array(body.utf8)
    }
}
