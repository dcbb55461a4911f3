import Foundation
import HoistSigV4

/// An API Gateway HTTP API event, payload format 2.0, as Lambda receives it.
public struct APIGatewayV2Event: Codable, Equatable, Sendable {
    /// The request context.
    public struct RequestContext: Codable, Equatable, Sendable {
        /// The HTTP part of the context.
        public struct HTTP: Codable, Equatable, Sendable {
            /// The method.
            public var method: String
            /// The path.
            public var path: String
            /// `HTTP/1.1`.
            public var `protocol`: String
            /// The client's address.
            public var sourceIp: String
            /// The User-Agent header (empty when absent).
            public var userAgent: String
        }

        /// The account id.
        public var accountId: String
        /// The API id.
        public var apiId: String
        /// The Host header.
        public var domainName: String
        /// The first label of the Host.
        public var domainPrefix: String
        /// Method, path, protocol, source address, user agent.
        public var http: HTTP
        /// The request id.
        public var requestId: String
        /// The route key matched (`$default`, `GET /movies/{id}`).
        public var routeKey: String
        /// `$default`.
        public var stage: String
        /// `dd/MMM/yyyy:HH:mm:ss +0000`.
        public var time: String
        /// Milliseconds since 1970.
        public var timeEpoch: Int64
    }

    /// `2.0`.
    public var version: String
    /// The route key matched (`$default`, `GET /movies/{id}`).
    public var routeKey: String
    /// The path as sent.
    public var rawPath: String
    /// The query as sent, without `?`.
    public var rawQueryString: String
    /// The Cookie header split on `;` (absent when there are none).
    public var cookies: [String]?
    /// Lowercased names; repeated headers joined with commas; no `cookie`.
    public var headers: [String: String]
    /// Decoded query parameters; repeated ones joined with commas (absent when there are none).
    public var queryStringParameters: [String: String]?
    /// The route's path variables, decoded (absent for a route without variables).
    public var pathParameters: [String: String]?
    /// The request context.
    public var requestContext: RequestContext
    /// The body: text, or base64 when `isBase64Encoded` (absent when empty).
    public var body: String?
    /// Whether `body` is base64.
    public var isBase64Encoded: Bool
}

/// Builds payload 2.0 events from HTTP requests the way API Gateway does; pure.
///
/// A body is passed as text when its Content-Type is textual (`text/*`, JSON, XML, JavaScript, form data)
/// and it is valid UTF-8; any other body is base64 with `isBase64Encoded: true`.
public struct APIGatewayEventBuilder: Sendable {
    /// The account id put in the context.
    public var accountId: String
    /// The API id put in the context.
    public var apiId: String

    /// Creates a builder.
    public init(accountId: String = "000000000000", apiId: String = "hoist-dev") {
        self.accountId = accountId
        self.apiId = apiId
    }

    /// The event of a request that matched `route` (`$default` when nil).
    public func event(
        for request: HTTPRequest, sourceIp: String, requestId: String, now: Date, route: APIRouteMatch? = nil
    ) -> APIGatewayV2Event {
        let routeKey = route?.routeKey ?? "$default"
        let pathParameters = route?.pathParameters ?? [:]
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.lowercased()
            if Self.hopByHopHeaders.contains(name) { continue }
            headers[name] = headers[name].map { "\($0),\(field.value)" } ?? field.value
        }
        let cookieText = request.headers.values("Cookie").joined(separator: "; ")
        headers["cookie"] = nil
        let cookies = cookieText.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let host = headers["host"] ?? "localhost"
        let hostName = host.split(separator: ":").first.map(String.init) ?? host
        let parameters = Self.queryParameters(request.query)
        let epochMilliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        var body: String?
        var isBase64 = false
        if !request.body.isEmpty {
            if Self.isTextual(headers["content-type"]), let text = String(validating: request.body, as: UTF8.self) {
                body = text
            } else {
                body = Data(request.body).base64EncodedString()
                isBase64 = true
            }
        }
        return APIGatewayV2Event(
            version: "2.0", routeKey: routeKey, rawPath: request.path, rawQueryString: request.query,
            cookies: cookies.isEmpty ? nil : cookies, headers: headers,
            queryStringParameters: parameters.isEmpty ? nil : parameters,
            pathParameters: pathParameters.isEmpty ? nil : pathParameters,
            requestContext: .init(
                accountId: accountId, apiId: apiId, domainName: hostName,
                domainPrefix: hostName.split(separator: ".").first.map(String.init) ?? hostName,
                http: .init(
                    method: request.method.uppercased(), path: request.path, protocol: request.version,
                    sourceIp: sourceIp, userAgent: headers["user-agent"] ?? ""),
                requestId: requestId, routeKey: routeKey, stage: "$default",
                time: Self.clfTime(epochMilliseconds / 1000), timeEpoch: epochMilliseconds),
            body: body, isBase64Encoded: isBase64)
    }

    /// The event as JSON bytes.
    public func eventJSON(
        for request: HTTPRequest, sourceIp: String, requestId: String, now: Date, route: APIRouteMatch? = nil
    ) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let event = event(for: request, sourceIp: sourceIp, requestId: requestId, now: now, route: route)
        return Array((try? encoder.encode(event)) ?? Data("{}".utf8))
    }

    /// Headers of one connection, which API Gateway does not pass on.
    static let hopByHopHeaders: Set<String> = [
        "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "expect", "proxy-connection",
    ]

    /// Decoded query parameters, repeated names joined with commas (`+` is a space, as in forms).
    public static func queryParameters(_ query: String) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(String(parts[0]))
            let value = parts.count > 1 ? decode(String(parts[1])) : ""
            parameters[name] = parameters[name].map { "\($0),\(value)" } ?? value
        }
        return parameters
    }

    private static func decode(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Whether a Content-Type names text API Gateway passes without base64.
    public static func isTextual(_ contentType: String?) -> Bool {
        guard let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        else { return false }
        return type.hasPrefix("text/") || type == "application/json" || type.hasSuffix("+json")
            || type == "application/xml" || type.hasSuffix("+xml") || type == "application/javascript"
            || type == "application/x-www-form-urlencoded" || type == "application/graphql"
    }

    /// `12/Mar/2020:19:03:58 +0000` for seconds since 1970, in UTC.
    public static func clfTime(_ seconds: Int64) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let time = UTCDateTime(secondsSince1970: seconds)
        let pad = { UTCDateTime.padded($0) }
        return "\(pad(time.day))/\(months[Int(time.month) - 1])/\(time.year):\(pad(time.hour)):"
            + "\(pad(time.minute)):\(pad(time.second)) +0000"
    }
}
