import LambdaRuntime

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The users-and-movies API: routes, rules and handlers over a user store, a movie store and a token service.
public struct MoviesApp: Sendable {
    /// Users.
    public let users: any UserStore
    /// Movies.
    public let movies: any MovieStore
    /// Tokens.
    public let tokens: TokenService
    /// Passwords.
    public let hasher: PasswordHasher
    /// Users who hold `admin` besides their stored roles (`ADMIN_USERNAMES`).
    public let adminUsernames: Set<String>
    /// The log.
    public let logger: JSONLogger
    /// The clock.
    public let now: @Sendable () -> Date

    /// Creates the app.
    public init(
        users: any UserStore, movies: any MovieStore, tokens: TokenService, hasher: PasswordHasher = PasswordHasher(),
        adminUsernames: Set<String> = [], logger: JSONLogger = JSONLogger(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.users = users
        self.movies = movies
        self.tokens = tokens
        self.hasher = hasher
        self.adminUsernames = adminUsernames
        self.logger = logger
        self.now = now
    }

    /// The route table; each route has its rule.
    public var router: Router {
        Router(routes: [
            Route("GET", "/health", .public) { _ in Self.json(200, ["status": "ok"]) },
            Route("POST", "/auth/register", .public, register),
            Route("POST", "/auth/login", .public, login),
            Route("GET", "/users/me", .signedIn, me),
            Route("PATCH", "/users/me", .signedIn, changePassword),
            Route("GET", "/users/{username}", .anyRole([.admin]), getUser),
            Route("PUT", "/users/{username}/roles", .anyRole([.admin]), setRoles),
            Route("DELETE", "/users/{username}", .adminOrSelf(parameter: "username"), deleteUser),
            Route("GET", "/movies", .public, listMovies),
            Route("GET", "/movies/{movieId}", .public, getMovie),
            Route("POST", "/movies", .anyRole([.editor, .admin]), createMovie),
            Route("PUT", "/movies/{movieId}", .anyRole([.editor, .admin]), updateMovie),
            Route("DELETE", "/movies/{movieId}", .anyRole([.admin]), deleteMovie),
        ])
    }

    /// Answers one request; never throws: every failure becomes a JSON error with its status.
    public func handle(_ request: APIGatewayV2Request, requestId: String) async -> APIGatewayV2Response {
        let started = ContinuousClock.now
        let response: APIGatewayV2Response
        do {
            response = try await route(request, requestId: requestId)
        } catch let error as APIError {
            if error.status >= 500 {
                logger.error("request failed", requestId: requestId, ["error": "\(error)"])
            } else if let underlying = error.underlying {
                logger.info("request refused", requestId: requestId, ["reason": "\(underlying)"])
            }
            response = Self.errorResponse(error)
        } catch {
            logger.error("request failed", requestId: requestId, ["error": "\(error)"])
            response = Self.errorResponse(.internalError(error))
        }
        let elapsed = ContinuousClock.now - started
        logger.info(
            "request", requestId: requestId,
            [
                "method": request.method, "path": request.rawPath, "status": String(response.statusCode),
                "durationMs": String(
                    Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15),
            ])
        return response
    }

    func route(_ request: APIGatewayV2Request, requestId: String) async throws -> APIGatewayV2Response {
        switch router.match(method: request.method, path: request.rawPath) {
        case .notFound:
            throw APIError.notFound("route_not_found", "no such route")
        case .methodNotAllowed(let allowed):
            throw APIError(
                status: 405, code: "method_not_allowed", message: "method not allowed",
                headers: ["allow": allowed.joined(separator: ", ")])
        case .found(let route, let parameters):
            let principal = try await authorize(route.rule, request: request, parameters: parameters)
            return try await route.handler(
                RequestContext(
                    request: request, pathParameters: parameters, principal: principal, requestId: requestId))
        }
    }

    /// Applies a rule: returns the caller (nil on a public route without a token), or throws 401/403.
    func authorize(_ rule: AccessRule, request: APIGatewayV2Request, parameters: [String: String]) async throws
        -> Principal?
    {
        if rule == .public { return nil }
        guard let authorization = request.header("authorization"),
            authorization.lowercased().hasPrefix("bearer ")
        else { throw APIError.unauthorized() }
        let token = String(authorization.dropFirst("bearer ".count)).trimmed
        let claims = try await tokens.verify(token)
        var roles = Set(claims.roles.compactMap(Role.init(rawValue:)))
        if adminUsernames.contains(claims.sub) { roles.insert(.admin) }
        let principal = Principal(username: claims.sub, roles: roles)
        switch rule {
        case .public, .signedIn:
            break
        case .anyRole(let wanted):
            guard !principal.roles.isDisjoint(with: wanted) else { throw APIError.forbidden }
        case .adminOrSelf(let parameter):
            guard principal.roles.contains(.admin) || parameters[parameter] == principal.username else {
                throw APIError.forbidden
            }
        }
        return principal
    }

    /// The roles a user holds: stored ones, plus `admin` for configured administrators.
    func effectiveRoles(_ user: User) -> [Role] {
        var roles = Set(user.roles)
        if adminUsernames.contains(user.username) { roles.insert(.admin) }
        return roles.sorted()
    }

    func view(_ user: User) -> UserView {
        UserView(username: user.username, roles: effectiveRoles(user), createdAt: user.createdAt)
    }

    // MARK: - Bodies and answers

    /// Decodes a JSON body into a type, or throws a 400.
    static func decodeBody<T: Decodable>(_ type: T.Type, _ request: APIGatewayV2Request) throws -> T {
        guard let bytes = request.bodyBytes, !bytes.isEmpty else {
            throw APIError.badRequest("invalid_body", "a JSON body is required")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw APIError(status: 400, code: "invalid_body", message: "the body is not valid", underlying: error)
        }
    }

    /// A JSON answer.
    static func json(_ status: Int, _ value: some Encodable, headers: [String: String] = [:]) -> APIGatewayV2Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return APIGatewayV2Response(
            statusCode: status, headers: headers.merging(["content-type": "application/json"]) { $1 }, body: body)
    }

    /// An empty answer (204).
    static func noContent() -> APIGatewayV2Response {
        APIGatewayV2Response(statusCode: 204)
    }

    /// `{"error":{"code":…,"message":…}}` with the error's status and headers.
    public static func errorResponse(_ error: APIError) -> APIGatewayV2Response {
        struct Body: Encodable {
            struct Detail: Encodable {
                var code: String
                var message: String
            }
            var error: Detail
        }
        return json(
            error.status, Body(error: .init(code: error.code, message: error.message)), headers: error.headers)
    }
}
