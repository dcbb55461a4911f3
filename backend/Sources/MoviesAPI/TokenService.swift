import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Issues and verifies HS256 JWTs whose `kid` is the secret's VersionId.
///
/// Only `HS256` is accepted: `none` and every other algorithm are refused before any key is looked at, and
/// the signature is checked in constant time with the key named by `kid` (AWSCURRENT or AWSPREVIOUS only).
public struct TokenService: Sendable {
    /// Where the keys come from.
    public let keyProvider: any KeyProvider
    /// The `iss` written and required.
    public let issuer: String
    /// How long a token lives, in seconds.
    public let lifetime: Int64
    /// The clock, injectable for tests.
    public let now: @Sendable () -> Date

    /// Creates a service.
    public init(
        keyProvider: any KeyProvider, issuer: String = "movies-api", lifetime: Int64 = 3600,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.keyProvider = keyProvider
        self.issuer = issuer
        self.lifetime = lifetime
        self.now = now
    }

    struct Header: Codable {
        var alg: String
        var kid: String?
        var typ: String?
    }

    /// Signs a token for the user with the AWSCURRENT key; returns it and its expiry.
    ///
    /// - Parameter stamp: the account's `User.tokenStamp`, checked against the store on every request.
    public func issue(username: String, roles: [Role], stamp: String? = nil) async throws -> (
        token: String, claims: TokenClaims
    ) {
        let keys = try await keyProvider.keys()
        let issuedAt = Int64(now().timeIntervalSince1970.rounded(.down))
        let claims = TokenClaims(
            sub: username, roles: roles.map(\.rawValue), iat: issuedAt, exp: issuedAt + lifetime, iss: issuer,
            stamp: stamp.flatMap { $0.isEmpty ? nil : $0 })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let header = try encoder.encode(Header(alg: "HS256", kid: keys.current.kid, typ: "JWT"))
        let payload = try encoder.encode(claims)
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(signingInput.utf8), using: SymmetricKey(data: keys.current.secret))
        return (signingInput + "." + Base64URL.encode(mac), claims)
    }

    /// Verifies a token and returns its claims; every failure is a 401 whose cause is kept for the log.
    public func verify(_ token: String) async throws -> TokenClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]),
            let payloadBytes = Base64URL.decode(parts[1]), let signature = Base64URL.decode(parts[2])
        else { throw Self.reject("malformed token") }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)) else {
            throw Self.reject("malformed header")
        }
        guard header.alg == "HS256" else { throw Self.reject("algorithm \(header.alg) not accepted") }
        guard let kid = header.kid else { throw Self.reject("no kid") }
        var key: SigningKey?
        do {
            key = try await keyProvider.keys().key(withId: kid)
            // A kid the cache lacks may be a rotation since the last load: one bounded refresh.
            if key == nil { key = try await keyProvider.keys(afterUnknownKid: kid).key(withId: kid) }
        } catch {
            throw APIError.internalError(error)
        }
        guard let key else { throw Self.reject("unknown kid") }
        let signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: signingInput, using: SymmetricKey(data: key.secret))
        else { throw Self.reject("bad signature") }
        guard let claims = try? JSONDecoder().decode(TokenClaims.self, from: Data(payloadBytes)) else {
            throw Self.reject("malformed claims")
        }
        guard claims.iss == issuer else { throw Self.reject("wrong issuer") }
        guard Int64(now().timeIntervalSince1970) < claims.exp else { throw Self.reject("expired") }
        guard !claims.sub.isEmpty else { throw Self.reject("no subject") }
        return claims
    }

    static func reject(_ reason: String) -> APIError {
        var error = APIError.unauthorized("the bearer token is invalid or expired")
        error.underlying = TokenRejection(reason: reason)
        return error
    }
}

/// Why a token was refused; logged, never answered.
public struct TokenRejection: Error, Sendable, CustomStringConvertible {
    /// The reason.
    public var reason: String

    /// Creates a rejection.
    public init(reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { "token rejected: \(reason)" }
}
