#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An API Gateway HTTP API request in payload format 2.0; unknown keys are ignored.
public struct APIGatewayV2Request: Codable, Sendable, Equatable {
    /// The request context API Gateway adds.
    public struct Context: Codable, Sendable, Equatable {
        /// The HTTP part of the context.
        public struct HTTP: Codable, Sendable, Equatable {
            /// The method, e.g. `GET`.
            public var method: String
            /// The path as the client sent it.
            public var path: String
            /// The protocol, e.g. `HTTP/1.1`.
            public var `protocol`: String?
            /// The client's address.
            public var sourceIp: String?
            /// The client's user agent.
            public var userAgent: String?

            /// Creates the HTTP part of a context.
            public init(
                method: String, path: String, protocol: String? = nil, sourceIp: String? = nil,
                userAgent: String? = nil
            ) {
                self.method = method
                self.path = path
                self.protocol = `protocol`
                self.sourceIp = sourceIp
                self.userAgent = userAgent
            }
        }

        /// The account id of the API.
        public var accountId: String?
        /// The API's id.
        public var apiId: String?
        /// The domain name the client called.
        public var domainName: String?
        /// The API Gateway request id.
        public var requestId: String?
        /// The route key that matched, e.g. `$default`.
        public var routeKey: String?
        /// The stage name.
        public var stage: String?
        /// The time of the request in epoch milliseconds.
        public var timeEpoch: Int64?
        /// The HTTP part.
        public var http: HTTP
        /// Whatever an authorizer put there (JWT claims, Lambda context, IAM); kept but not interpreted.
        public var authorizer: JSONValue?

        /// Creates a context with the HTTP part only.
        public init(http: HTTP, requestId: String? = nil) {
            self.http = http
            self.requestId = requestId
        }
    }

    /// The payload format version, `2.0`.
    public var version: String?
    /// The route key, e.g. `$default` or `GET /movies`.
    public var routeKey: String?
    /// The path, not decoded.
    public var rawPath: String
    /// The query string without `?`, not decoded.
    public var rawQueryString: String?
    /// Cookies, one `name=value` each.
    public var cookies: [String]?
    /// Headers, names lowercased by API Gateway; repeated headers are joined by commas.
    public var headers: [String: String]?
    /// Query parameters, decoded; repeated parameters are joined by commas.
    public var queryStringParameters: [String: String]?
    /// Path parameters of the route API Gateway matched.
    public var pathParameters: [String: String]?
    /// Stage variables.
    public var stageVariables: [String: String]?
    /// The request context.
    public var requestContext: Context
    /// The body, base64 when `isBase64Encoded`.
    public var body: String?
    /// Whether `body` is base64.
    public var isBase64Encoded: Bool

    /// Creates a request (for tests and local runs).
    public init(
        method: String, path: String, query: [String: String]? = nil, headers: [String: String]? = nil,
        body: String? = nil, isBase64Encoded: Bool = false, cookies: [String]? = nil
    ) {
        self.version = "2.0"
        self.routeKey = "$default"
        self.rawPath = path
        self.rawQueryString =
            query.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }?
            .joined(separator: "&") ?? ""
        self.cookies = cookies
        self.headers = headers
        self.queryStringParameters = query
        self.requestContext = Context(http: .init(method: method, path: path))
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    private enum CodingKeys: String, CodingKey {
        case version, routeKey, rawPath, rawQueryString, cookies, headers, queryStringParameters, pathParameters
        case stageVariables, requestContext, body, isBase64Encoded
    }

    /// Decodes a request; `isBase64Encoded` defaults to false when absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(String.self, forKey: .version)
        routeKey = try container.decodeIfPresent(String.self, forKey: .routeKey)
        requestContext = try container.decode(Context.self, forKey: .requestContext)
        rawPath = try container.decodeIfPresent(String.self, forKey: .rawPath) ?? requestContext.http.path
        rawQueryString = try container.decodeIfPresent(String.self, forKey: .rawQueryString)
        cookies = try container.decodeIfPresent([String].self, forKey: .cookies)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers)
        queryStringParameters = try container.decodeIfPresent([String: String].self, forKey: .queryStringParameters)
        pathParameters = try container.decodeIfPresent([String: String].self, forKey: .pathParameters)
        stageVariables = try container.decodeIfPresent([String: String].self, forKey: .stageVariables)
        body = try container.decodeIfPresent(String.self, forKey: .body)
        isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) ?? false
    }

    /// The HTTP method, uppercased.
    public var method: String { requestContext.http.method.uppercased() }

    /// The value of a header, looked up without regard to case.
    public func header(_ name: String) -> String? {
        guard let headers else { return nil }
        if let value = headers[name.lowercased()] { return value }
        let wanted = name.lowercased()
        return headers.first { $0.key.lowercased() == wanted }?.value
    }

    /// The body's bytes, base64-decoded when needed; nil when the base64 is invalid.
    public var bodyBytes: [UInt8]? {
        guard let body else { return [] }
        if isBase64Encoded {
            guard let data = Data(base64Encoded: body) else { return nil }
            return [UInt8](data)
        }
        return Array(body.utf8)
    }
}
