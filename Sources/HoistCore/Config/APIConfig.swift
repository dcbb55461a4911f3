/// The HTTP API in front of the function.
public struct APIConfig: Sendable, Equatable {
    /// The routes sent to the function (default `$default`, the catch-all).
    public var routes: APIRoutes
    /// CORS settings, or nil for none.
    public var cors: CORSConfig?

    /// Creates the API settings.
    public init(routes: APIRoutes = .defaultRoute, cors: CORSConfig? = nil) {
        self.routes = routes
        self.cors = cors
    }
}

/// Which requests the HTTP API routes to the function.
public enum APIRoutes: Sendable, Equatable {
    /// The `$default` route: every request.
    case defaultRoute
    /// Explicit route keys such as `GET /movies` or `ANY /auth/{proxy+}`.
    case routes([String])

    /// The route keys as API Gateway spells them.
    public var routeKeys: [String] {
        switch self {
        case .defaultRoute: ["$default"]
        case .routes(let keys): keys
        }
    }
}

/// The HTTP API's CORS configuration.
public struct CORSConfig: Sendable, Equatable {
    /// The allowed origins (`*` or `https://example.com`).
    public var allowOrigins: [String]
    /// The allowed methods (`GET`, `POST`, …, or `*`).
    public var allowMethods: [String]
    /// The allowed request headers.
    public var allowHeaders: [String]
    /// How long browsers may cache a preflight answer, in seconds (0–86400), or nil for API Gateway's default.
    public var maxAge: Int?

    /// The allowed `max_age` values.
    public static let maxAgeRange: ClosedRange<Int> = 0...86400

    /// Creates a CORS configuration.
    public init(
        allowOrigins: [String] = [], allowMethods: [String] = [], allowHeaders: [String] = [], maxAge: Int? = nil
    ) {
        self.allowOrigins = allowOrigins
        self.allowMethods = allowMethods
        self.allowHeaders = allowHeaders
        self.maxAge = maxAge
    }
}
