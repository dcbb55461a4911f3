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
    /// The users the operator task may promote to admin (`ADMIN_USERNAMES`); empty lets it promote any user.
    /// Grants nothing by itself: public registration never yields an administrator.
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

    /// The largest request body accepted, in bytes (decoded): a movie at every limit, each scalar escaped
    /// as JSON's `\uXXXX` pairs, stays under 40 KB.
    public static let maxBodyBytes = 64 * 1024

    func route(_ request: APIGatewayV2Request, requestId: String) async throws -> APIGatewayV2Response {
        try Self.checkBodySize(request)
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
    ///
    /// The token proves who signed in; the store decides what they may do now. One strongly consistent
    /// GetItem per authenticated request reads the account: gone (deleted, or registered again under the same
    /// name with a new stamp) or a different token stamp (the password changed) is a 401, and the roles are
    /// the stored ones, so a demotion takes effect on the next request.
    func authorize(_ rule: AccessRule, request: APIGatewayV2Request, parameters: [String: String]) async throws
        -> Principal?
    {
        if rule == .public { return nil }
        guard let authorization = request.header("authorization"),
            authorization.lowercased().hasPrefix("bearer ")
        else { throw APIError.unauthorized() }
        let token = String(authorization.dropFirst("bearer ".count)).trimmed
        let principal = try await currentPrincipal(try await tokens.verify(token))
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

    /// The caller of verified claims as the store has it now, or a 401 when the token no longer stands.
    func currentPrincipal(_ claims: TokenClaims) async throws -> Principal {
        let stored: User?
        do {
            stored = try await users.get(claims.sub)
        } catch {
            throw APIError.internalError(error)
        }
        guard let user = stored else { throw TokenService.reject("the account no longer exists") }
        guard Self.sameStamp(user.tokenStamp, claims.stamp ?? "") else {
            throw TokenService.reject("the token was revoked (password change or account registered again)")
        }
        return Principal(username: user.username, roles: Set(user.roles), user: user)
    }

    /// Compares two stamps without an early exit on the first differing byte.
    static func sameStamp(_ stored: String, _ presented: String) -> Bool {
        let left = Array(stored.utf8)
        let right = Array(presented.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The roles a user holds: the stored ones. `ADMIN_USERNAMES` grants nothing by itself (see `AdminTask`).
    func effectiveRoles(_ user: User) -> [Role] {
        Set(user.roles).sorted()
    }

    func view(_ user: User) -> UserView {
        UserView(username: user.username, roles: effectiveRoles(user), createdAt: user.createdAt)
    }

    // MARK: - Bodies and answers

    /// Throws a 413 when the body is larger than `maxBodyBytes`, before anything decodes it.
    static func checkBodySize(_ request: APIGatewayV2Request) throws {
        guard let body = request.body else { return }
        let encoded = body.utf8.count
        let size = request.isBase64Encoded ? encoded / 4 * 3 : encoded
        guard size <= maxBodyBytes else {
            throw APIError(
                status: 413, code: "body_too_large", message: "the body must be at most \(maxBodyBytes) bytes")
        }
    }

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
