/// One HMAC key and its id (the secret's VersionId).
public struct SigningKey: Sendable, Equatable {
    /// The key id written as the token header's `kid`.
    public var kid: String
    /// The key's bytes (the secret string's UTF-8).
    public var secret: [UInt8]

    /// Creates a key.
    public init(kid: String, secret: [UInt8]) {
        self.kid = kid
        self.secret = secret
    }
}

/// The keys in force: AWSCURRENT signs; AWSCURRENT and AWSPREVIOUS verify.
public struct SigningKeys: Sendable, Equatable {
    /// The AWSCURRENT version.
    public var current: SigningKey
    /// The AWSPREVIOUS version, if there is one.
    public var previous: SigningKey?

    /// Creates a key set.
    public init(current: SigningKey, previous: SigningKey? = nil) {
        self.current = current
        self.previous = previous
    }

    /// The verifying key with that id, or nil.
    public func key(withId kid: String) -> SigningKey? {
        if current.kid == kid { return current }
        if let previous, previous.kid == kid { return previous }
        return nil
    }
}

/// Supplies the signing keys (from Secrets Manager in Lambda, fixed in tests).
public protocol KeyProvider: Sendable {
    /// The keys in force now.
    func keys() async throws -> SigningKeys
    /// The keys after one bounded refresh, asked for when a token names a kid the keys lack.
    func keys(afterUnknownKid kid: String) async throws -> SigningKeys
}

extension KeyProvider {
    /// Providers that cannot refresh answer their keys as they are.
    public func keys(afterUnknownKid kid: String) async throws -> SigningKeys { try await keys() }
}

/// A `KeyProvider` with fixed keys.
public struct StaticKeyProvider: KeyProvider {
    /// The keys it returns.
    public var fixed: SigningKeys

    /// Creates a provider.
    public init(_ keys: SigningKeys) {
        self.fixed = keys
    }

    /// Returns the fixed keys.
    public func keys() async throws -> SigningKeys { fixed }
}
