import AWSClients

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Signing keys from Secrets Manager (AWSCURRENT and AWSPREVIOUS), cached in memory for a TTL.
///
/// The secret string's UTF-8 bytes are the HMAC key and its VersionId the `kid`. Values are never logged.
/// Loads are single-flight: concurrent callers share one fetch. A token naming a kid the cache lacks (a
/// rotation since the last load) triggers one early refresh, at most one per `minimumRefreshInterval`, so a
/// flood of made-up kids costs Secrets Manager one call pair per interval, not one per request.
public actor SecretsKeyProvider: KeyProvider {
    /// Fetches one stage of the secret: (versionId, value).
    public typealias Fetch = @Sendable (_ stage: String) async throws -> (versionId: String, value: String)?

    private let fetch: Fetch
    private let ttl: Duration
    private let minimumRefreshInterval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private var cached: (keys: SigningKeys, at: ContinuousClock.Instant)?
    private var inFlight: Task<SigningKeys, any Error>?
    private var lastUnknownKidRefresh: ContinuousClock.Instant?

    /// Creates a provider over a fetch function; `ttlSeconds` defaults to 5 minutes, unknown-kid refreshes to one
    /// per 10 seconds; the clock is injectable for tests.
    public init(
        ttlSeconds: Int64 = 300, minimumRefreshSeconds: Int64 = 10,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }, fetch: @escaping Fetch
    ) {
        self.fetch = fetch
        self.ttl = .seconds(ttlSeconds)
        self.minimumRefreshInterval = .seconds(minimumRefreshSeconds)
        self.now = now
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
        if let cached, now() - cached.at < ttl { return cached.keys }
        return try await load()
    }

    /// The keys after at most one early refresh for a kid they lack (rate-limited, shared by concurrent callers).
    public func keys(afterUnknownKid kid: String) async throws -> SigningKeys {
        let known = try await keys()
        if known.key(withId: kid) != nil { return known }
        if let inFlight { return try await inFlight.value }
        if let last = lastUnknownKidRefresh, now() - last < minimumRefreshInterval { return known }
        lastUnknownKidRefresh = now()
        return try await load()
    }

    /// One load at a time: a caller arriving while a load runs waits for that one.
    private func load() async throws -> SigningKeys {
        if let inFlight { return try await inFlight.value }
        let task = Task { [fetch] in try await Self.fetchKeys(fetch) }
        inFlight = task
        defer { inFlight = nil }
        let keys = try await task.value
        cached = (keys, now())
        return keys
    }

    private static func fetchKeys(_ fetch: Fetch) async throws -> SigningKeys {
        guard let current = try await fetch("AWSCURRENT") else {
            throw StoreError(.backend, "the JWT secret has no AWSCURRENT string value")
        }
        let previous = try await fetch("AWSPREVIOUS")
        return SigningKeys(
            current: SigningKey(kid: current.versionId, secret: Array(current.value.utf8)),
            previous: previous.map { SigningKey(kid: $0.versionId, secret: Array($0.value.utf8)) })
    }
}
