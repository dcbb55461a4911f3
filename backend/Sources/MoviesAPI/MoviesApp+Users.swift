import LambdaRuntime

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Users: register, login, me, change password, and the admin routes.
extension MoviesApp {
    struct Credentials: Decodable {
        var username: String
        var password: String
    }

    struct PasswordChange: Decodable {
        var currentPassword: String
        var newPassword: String
    }

    struct RolesBody: Decodable {
        var roles: [String]
    }

    struct LoginAnswer: Encodable {
        var token: String
        var tokenType: String
        var expiresAt: String
    }

    /// `POST /auth/register`: a conditional put, so a taken name is 409 even when two registrations race.
    @Sendable func register(_ context: RequestContext) async throws -> APIGatewayV2Response {
        let body = try Self.decodeBody(Credentials.self, context.request)
        let username = try Validator.username(body.username)
        let password = try Validator.newPassword(body.password)
        let user = User(
            username: username, passwordHash: try hasher.hash(password), roles: [.user],
            createdAt: UTCClock.iso8601(now()), tokenStamp: User.newTokenStamp())
        do {
            try await users.create(user)
        } catch let error as StoreError where error.code == .alreadyExists {
            throw APIError(status: 409, code: "username_taken", message: "that username is taken")
        }
        logger.info("user registered", requestId: context.requestId, ["username": username])
        return Self.json(201, UserView(username: username, roles: effectiveRoles(user), createdAt: nil))
    }

    /// `POST /auth/login`: the same 401 for an unknown user and a wrong password, and bcrypt runs in both cases.
    @Sendable func login(_ context: RequestContext) async throws -> APIGatewayV2Response {
        let body = try Self.decodeBody(Credentials.self, context.request)
        let user = Validator.isValidUsername(body.username) ? try await users.get(body.username) : nil
        let matches = hasher.verify(body.password, against: user?.passwordHash ?? PasswordHasher.dummyHash)
        guard let user, matches else { throw APIError.invalidCredentials }
        let issued = try await tokens.issue(
            username: user.username, roles: effectiveRoles(user), stamp: user.tokenStamp)
        let expiresAt = UTCClock.iso8601(Date(timeIntervalSince1970: Double(issued.claims.exp)))
        return Self.json(200, LoginAnswer(token: issued.token, tokenType: "Bearer", expiresAt: expiresAt))
    }

    /// `GET /users/me`: the account read when the request was authorized (no second GetItem).
    @Sendable func me(_ context: RequestContext) async throws -> APIGatewayV2Response {
        Self.json(200, view(try await caller(context)))
    }

    /// `PATCH /users/me`: `{currentPassword,newPassword}`; the current password is required. A new token stamp
    /// signs out every token of the account, the one of this request included: the client signs in again.
    @Sendable func changePassword(_ context: RequestContext) async throws -> APIGatewayV2Response {
        let body = try Self.decodeBody(PasswordChange.self, context.request)
        var user = try await caller(context)
        guard hasher.verify(body.currentPassword, against: user.passwordHash) else {
            throw APIError(status: 403, code: "wrong_password", message: "the current password is wrong")
        }
        user.passwordHash = try hasher.hash(try Validator.newPassword(body.newPassword, field: "newPassword"))
        user.tokenStamp = User.newTokenStamp()
        try await replace(user)
        return Self.noContent()
    }

    /// `GET /users/{username}` (admin).
    @Sendable func getUser(_ context: RequestContext) async throws -> APIGatewayV2Response {
        Self.json(200, view(try await existingUser(context.pathParameters["username"] ?? "")))
    }

    /// `PUT /users/{username}/roles` (admin): `{roles:[…]}` from `user`, `editor`, `admin`.
    @Sendable func setRoles(_ context: RequestContext) async throws -> APIGatewayV2Response {
        let body = try Self.decodeBody(RolesBody.self, context.request)
        var roles: Set<Role> = []
        for name in body.roles {
            guard let role = Role(rawValue: name) else {
                throw APIError.badRequest("invalid_roles", "roles must be among user, editor, admin")
            }
            roles.insert(role)
        }
        var user = try await existingUser(context.pathParameters["username"] ?? "")
        user.roles = roles.sorted()
        try await replace(user)
        logger.info(
            "roles set", requestId: context.requestId,
            ["username": user.username, "roles": user.roles.map(\.rawValue).joined(separator: ",")])
        return Self.json(200, view(user))
    }

    /// `DELETE /users/{username}` (admin or self).
    @Sendable func deleteUser(_ context: RequestContext) async throws -> APIGatewayV2Response {
        let username = context.pathParameters["username"] ?? ""
        guard Validator.isValidUsername(username), try await users.delete(username) else {
            throw APIError.notFound("user_not_found", "no such user")
        }
        return Self.noContent()
    }

    /// The signed-in caller's stored account, as `authorize` read it.
    func caller(_ context: RequestContext) async throws -> User {
        if let user = context.principal?.user { return user }
        return try await existingUser(context.principal?.username ?? "")
    }

    func existingUser(_ username: String) async throws -> User {
        guard Validator.isValidUsername(username), let user = try await users.get(username) else {
            throw APIError.notFound("user_not_found", "no such user")
        }
        return user
    }

    func replace(_ user: User) async throws {
        do {
            try await users.replace(user)
        } catch let error as StoreError where error.code == .notFound {
            throw APIError.notFound("user_not_found", "no such user")
        }
    }
}
