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
    /// A random value that every token of this account carries (claim `stamp`), drawn anew at registration and
    /// on each password change: a token whose stamp differs from the stored one is refused, so a password change
    /// signs out every token and an account registered again under the same name accepts none of the old one's.
    /// Empty for an account stored before stamps existed (its tokens carry none either).
    public var tokenStamp: String

    /// Creates a user.
    public init(username: String, passwordHash: String, roles: [Role], createdAt: String, tokenStamp: String = "") {
        self.username = username
        self.passwordHash = passwordHash
        self.roles = roles
        self.createdAt = createdAt
        self.tokenStamp = tokenStamp
    }

    /// A fresh token stamp: 16 random bytes from the OS CSPRNG, base64url.
    public static func newTokenStamp() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
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
