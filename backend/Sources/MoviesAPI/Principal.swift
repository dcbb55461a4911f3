/// The signed-in caller, from a verified token.
public struct Principal: Sendable, Equatable {
    /// The username (`sub`).
    public var username: String
    /// The effective roles.
    public var roles: Set<Role>

    /// Creates a principal.
    public init(username: String, roles: Set<Role>) {
        self.username = username
        self.roles = roles
    }
}
