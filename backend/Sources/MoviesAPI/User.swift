/// A stored user; the password hash stays in the backend.
public struct User: Codable, Sendable, Equatable {
    /// The unique name, `[a-z0-9_.-]{3,32}`.
    public var username: String
    /// The bcrypt hash (`$2b$12$…`).
    public var passwordHash: String
    /// The roles stored for the user.
    public var roles: [Role]
    /// When the user registered, ISO 8601.
    public var createdAt: String

    /// Creates a user.
    public init(username: String, passwordHash: String, roles: [Role], createdAt: String) {
        self.username = username
        self.passwordHash = passwordHash
        self.roles = roles
        self.createdAt = createdAt
    }
}

/// What clients see of a user: no password hash.
public struct UserView: Codable, Sendable, Equatable {
    /// The name.
    public var username: String
    /// The effective roles (stored ones plus `admin` for configured administrators).
    public var roles: [Role]
    /// When the user registered.
    public var createdAt: String?

    /// Creates a view.
    public init(username: String, roles: [Role], createdAt: String?) {
        self.username = username
        self.roles = roles
        self.createdAt = createdAt
    }
}
