/// The signed-in caller: a verified token whose account the store still holds, with the stored roles.
public struct Principal: Sendable, Equatable {
    /// The username (`sub`).
    public var username: String
    /// The roles stored for the account when the request came in (not those written in the token).
    public var roles: Set<Role>
    /// The stored account the request was checked against, so handlers need not read it again.
    public var user: User?

    /// Creates a principal.
    public init(username: String, roles: Set<Role>, user: User? = nil) {
        self.username = username
        self.roles = roles
        self.user = user
    }
}
