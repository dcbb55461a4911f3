import AWSClients

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Signing keys from Secrets Manager (AWSCURRENT and AWSPREVIOUS), cached in memory for a TTL.
///
/// The secret string's UTF-8 bytes are the HMAC key and its VersionId the `kid`. Values are never logged.
public actor SecretsKeyProvider: KeyProvider {
    /// Fetches one stage of the secret: (versionId, value).
    public typealias Fetch = @Sendable (_ stage: String) async throws -> (versionId: String, value: String)?

    private let fetch: Fetch
    private let ttl: Duration
    private var cached: (keys: SigningKeys, at: ContinuousClock.Instant)?

    /// Creates a provider over a fetch function; `ttlSeconds` defaults to 5 minutes.
    public init(ttlSeconds: Int64 = 300, fetch: @escaping Fetch) {
        self.fetch = fetch
        self.ttl = .seconds(ttlSeconds)
    }

    /// Creates a provider reading `secretId` through a Secrets Manager client.
    public init(client: SecretsManagerClient, secretId: String, ttlSeconds: Int64 = 300) {
        self.init(ttlSeconds: ttlSeconds) { stage in
            do {
                let value = try await client.getSecretValue(secretId: secretId, stage: stage)
                guard let string = value.SecretString else { return nil }
                return (value.VersionId, string)
            } catch let error as AWSClientError where error.code == "ResourceNotFoundException" && stage != "AWSCURRENT"
            {
                return nil
            }
        }
    }

    /// The cached keys, fetched again once the TTL has passed.
    public func keys() async throws -> SigningKeys {
        if let cached, ContinuousClock.now - cached.at < ttl { return cached.keys }
        guard let current = try await fetch("AWSCURRENT") else {
            throw StoreError(.backend, "the JWT secret has no AWSCURRENT string value")
        }
        let previous = try await fetch("AWSPREVIOUS")
        let keys = SigningKeys(
            current: SigningKey(kid: current.versionId, secret: Array(current.value.utf8)),
            previous: previous.map { SigningKey(kid: $0.versionId, secret: Array($0.value.utf8)) })
        cached = (keys, ContinuousClock.now)
        return keys
    }
}
