/// The claims of an access token.
public struct TokenClaims: Codable, Sendable, Equatable {
    /// The username.
    public var sub: String
    /// The roles at sign-in.
    public var roles: [String]
    /// Issued at, epoch seconds.
    public var iat: Int64
    /// Expires at, epoch seconds.
    public var exp: Int64
    /// The issuer.
    public var iss: String

    /// Creates claims.
    public init(sub: String, roles: [String], iat: Int64, exp: Int64, iss: String) {
        self.sub = sub
        self.roles = roles
        self.iat = iat
        self.exp = exp
        self.iss = iss
    }
}
