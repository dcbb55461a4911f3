import Foundation

/// The default credential chain: explicit, environment, web identity, shared files, container, IMDSv2.
///
/// The first source that is configured wins and is remembered; its temporary credentials are cached and
/// fetched again `refreshMargin` seconds before they expire. A refresh that fails while the cached credentials
/// are still valid returns them (the next call tries again); only expired ones make it an error.
public final class CredentialChain: CredentialProvider, @unchecked Sendable {
    /// The sources in the order they are tried.
    public let providers: [any CredentialProvider]
    /// Seconds before expiry at which temporary credentials are renewed.
    public let refreshMargin: Double
    let now: @Sendable () -> Date
    private let lock = NSLock()
    private var cached: (credentials: AWSCredentials, provider: any CredentialProvider)?
    private var inFlight: Task<(AWSCredentials, any CredentialProvider), any Error>?

    /// Creates a chain over these sources.
    public init(
        providers: [any CredentialProvider], refreshMargin: Double = 300,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.providers = providers
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// The standard chain for an environment; `explicit` (from flags) comes first when given.
    public static func standard(
        environment: AWSEnvironment, sharedConfig: SharedConfig, transport: any HTTPTransport, region: String,
        explicit: AWSCredentials? = nil
    ) -> CredentialChain {
        let stsClient = AWSClient(
            transport: transport, credentialProvider: nil, region: region, environment: environment,
            sharedConfig: sharedConfig)
        let sts = STS(client: stsClient)
        let variables = environment.variables
        // Empty values count as unset, as they do for `environment.profile`.
        let profileChosen = [environment.profileOption, variables["AWS_PROFILE"], variables["AWS_DEFAULT_PROFILE"]]
            .contains { !($0 ?? "").isEmpty }
        var providers: [any CredentialProvider] = []
        if let explicit { providers.append(StaticCredentialProvider(explicit, source: "explicit options")) }
        if environment.profileOption == nil {
            // --profile overrides keys in the environment, as the AWS CLI does.
            providers.append(EnvironmentCredentialProvider(variables: variables))
            providers.append(WebIdentityCredentialProvider(variables: variables, sts: sts))
        }
        providers.append(
            ProfileCredentialProvider(
                profile: environment.profile, config: sharedConfig, variables: variables, sts: sts,
                explicitlyChosen: profileChosen))
        providers.append(ContainerCredentialProvider(variables: variables, transport: transport))
        providers.append(InstanceMetadataCredentialProvider(variables: variables, transport: transport))
        return CredentialChain(providers: providers)
    }

    /// Where the current credentials came from (after a first successful call).
    public var source: String {
        lock.withLock { cached?.provider.source } ?? "credential chain"
    }

    /// The cached credentials, or the first source's, renewed when close to expiry.
    ///
    /// Concurrent callers share one refresh; the refresh task alone stores its result, so a caller that resumes
    /// late can never replace newer credentials or clear another refresh.
    public func credentials() async throws -> AWSCredentials? {
        enum Next {
            case ready(AWSCredentials)
            case wait(Task<(AWSCredentials, any CredentialProvider), any Error>)
        }
        let next: Next = lock.withLock {
            if let cached, !isExpiring(cached.credentials) { return .ready(cached.credentials) }
            if let inFlight { return .wait(inFlight) }
            let preferred = cached?.provider
            let task = Task { () throws -> (AWSCredentials, any CredentialProvider) in
                do {
                    let result = try await self.resolve(preferring: preferred)
                    self.lock.withLock {
                        self.cached = result
                        self.inFlight = nil
                    }
                    return result
                } catch {
                    self.lock.withLock { self.inFlight = nil }
                    throw error
                }
            }
            inFlight = task
            return .wait(task)
        }
        switch next {
        case .ready(let credentials): return credentials
        case .wait(let task):
            do {
                return try await task.value.0
            } catch {
                // A refresh inside the margin that fails is no reason to fail while the cached ones still work.
                if let still = lock.withLock({ cached?.credentials }), !isExpired(still) { return still }
                throw error
            }
        }
    }

    func isExpired(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration <= now()
    }

    func isExpiring(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now()) <= refreshMargin
    }

    private func resolve(preferring preferred: (any CredentialProvider)?) async throws -> (
        AWSCredentials, any CredentialProvider
    ) {
        if let preferred, let credentials = try await preferred.credentials() { return (credentials, preferred) }
        for provider in providers {
            if let credentials = try await provider.credentials() { return (credentials, provider) }
        }
        throw CredentialError(
            code: .noCredentials,
            message: "no AWS credentials found: tried " + providers.map(\.source).joined(separator: ", ")
                + ". Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or AWS_ROLE_ARN with "
                + "AWS_WEB_IDENTITY_TOKEN_FILE")
    }
}
