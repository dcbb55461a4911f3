import LambdaRuntime

/// Who may call a route.
public enum AccessRule: Sendable, Equatable {
    /// Anyone, signed in or not.
    case `public`
    /// Any signed-in user.
    case signedIn
    /// A signed-in user holding at least one of these roles.
    case anyRole(Set<Role>)
    /// An admin, or the user named by this path parameter.
    case adminOrSelf(parameter: String)
}

/// What a handler gets: the request, its path parameters, the caller and the request id.
public struct RequestContext: Sendable {
    /// The API Gateway request.
    public var request: APIGatewayV2Request
    /// Parameters from `{name}` segments of the route's pattern.
    public var pathParameters: [String: String]
    /// The signed-in caller; nil on a public route called without a token.
    public var principal: Principal?
    /// The Lambda request id, for logs.
    public var requestId: String

    /// Creates a context.
    public init(
        request: APIGatewayV2Request, pathParameters: [String: String], principal: Principal?, requestId: String
    ) {
        self.request = request
        self.pathParameters = pathParameters
        self.principal = principal
        self.requestId = requestId
    }
}

/// A route handler: answers a request or throws an `APIError`.
public typealias RouteHandler = @Sendable (RequestContext) async throws -> APIGatewayV2Response

/// A method, a path pattern such as `/users/{username}/roles`, a rule and a handler.
public struct Route: Sendable {
    /// The method, uppercased.
    public var method: String
    /// The pattern as written.
    public var pattern: String
    /// Who may call it.
    public var rule: AccessRule
    /// What answers it.
    public var handler: RouteHandler

    /// Creates a route.
    public init(_ method: String, _ pattern: String, _ rule: AccessRule, _ handler: @escaping RouteHandler) {
        self.method = method.uppercased()
        self.pattern = pattern
        self.rule = rule
        self.handler = handler
    }

    /// The path parameters when `path` matches the pattern, else nil.
    public func match(path: String) -> [String: String]? {
        let patternSegments = Router.segments(pattern)
        let pathSegments = Router.segments(path)
        guard patternSegments.count == pathSegments.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(patternSegments, pathSegments) {
            if expected.hasPrefix("{") && expected.hasSuffix("}") {
                guard !actual.isEmpty else { return nil }
                parameters[String(expected.dropFirst().dropLast())] = String(actual)
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}

/// Finds the route for a method and path: a match, a 405 with the allowed methods, or a 404.
public struct Router: Sendable {
    /// What matching found.
    public enum Match: Sendable {
        /// A route and its path parameters.
        case found(Route, [String: String])
        /// The path exists with other methods (for `Allow`).
        case methodNotAllowed(allowed: [String])
        /// No route has this path.
        case notFound
    }

    /// The routes, in the order they are tried.
    public let routes: [Route]

    /// Creates a router.
    public init(routes: [Route]) {
        self.routes = routes
    }

    /// Matches a request line.
    public func match(method: String, path: String) -> Match {
        var allowed: [String] = []
        for route in routes {
            guard let parameters = route.match(path: path) else { continue }
            if route.method == method.uppercased() { return .found(route, parameters) }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: Array(Set(allowed)).sorted())
    }

    /// A path's segments; a trailing slash is ignored.
    static func segments(_ path: String) -> [Substring] {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.first == "" { segments.removeFirst() }
        if segments.last == "" { segments.removeLast() }
        return segments
    }
}
