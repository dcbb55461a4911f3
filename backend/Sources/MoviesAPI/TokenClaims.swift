/// The claims of an access token.
public struct TokenClaims: Codable, Sendable, Equatable {
    /// The username.
    public var sub: String
    /// The roles at sign-in, for clients to read; authorization uses the stored roles, never these.
    public var roles: [String]
    /// Issued at, epoch seconds.
    public var iat: Int64
    /// Expires at, epoch seconds.
    public var exp: Int64
    /// The issuer.
    public var iss: String
    /// The account's token stamp at sign-in (`User.tokenStamp`); absent for an account that has none.
    public var stamp: String?

    /// Creates claims.
    public init(sub: String, roles: [String], iat: Int64, exp: Int64, iss: String, stamp: String? = nil) {
        self.sub = sub
        self.roles = roles
        self.iat = iat
        self.exp = exp
        self.iss = iss
        self.stamp = stamp
    }
}
